package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.carbon.StaticTableSource;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} configured the way an operator writes runneriq.yaml: a carbon provider, a fleet
 * file for some runners' zone, power, speed and capacity, a default zone for the rest; in front of
 * the simulated GitLab. A failing provider is reported and never holds up a decision.
 */
class ServeCarbonConfigTest {
  static final String GITLAB_TOKEN = "glpat-serve-carbon-test";
  static final String CARBON_TOKEN = "em-secret-never-shown-41d2";
  static final int FILE_CAPACITY = 7;

  @TempDir Path dir;
  SimGitLab gitlab;
  SimClock clock;
  LiveSim live;

  @BeforeEach
  void startGitLab() throws Exception {
    var trace = WorkloadPresets.generate("busy-day", 7);
    live = new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7);
    clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofHours(13)), 60);
    gitlab =
        new SimGitLab(
                new SimGitLab.Options(
                    live, trace, clock, GITLAB_TOKEN, null, null, ServeEndToEndTest.freePort()))
            .start();
  }

  @AfterEach
  void stopGitLab() {
    gitlab.close();
  }

  /** The DE runners of the default fleet in a fleet file; the others are left to the config. */
  Path config(String carbonSection) throws Exception {
    return config(carbonSection, "zone: GB");
  }

  /** The same with {@code defaultZone} (e.g. {@code zone: GB}) after the fleet file. */
  Path config(String carbonSection, String defaultZone) throws Exception {
    var de = Bundled.fleet().stream().filter(r -> "DE".equals(r.zone())).toList();
    Path fleet = dir.resolve("fleet.json");
    var doc = FleetFormat.write(de);
    // more than GitLab's running jobs would suggest: the file's capacity must win over inference
    doc.get("runners").forEach(r -> ((ObjectNode) r).put("concurrency", FILE_CAPACITY));
    Files.writeString(fleet, Documents.JSON.writeValueAsString(doc));
    Path yaml = dir.resolve("runneriq.yaml");
    Files.writeString(
        yaml,
        """
        gitlab:
          url: %s
          poll_interval_s: 1
          concurrency: {default: 2}
        store: {sqlite: %s}
        server: {port: 0, auth: false}
        fleet: {file: %s, %s}
        carbon: %s
        """
            .formatted(gitlab.url(), dir.resolve("audit.db"), fleet, defaultZone, carbonSection),
        StandardCharsets.UTF_8);
    return yaml;
  }

  void waitFor(Service s, java.util.function.BooleanSupplier condition) throws Exception {
    try {
      ServeEndToEndTest.waitFor(condition, Duration.ofSeconds(30));
    } catch (AssertionError e) {
      var st = s.state();
      throw new AssertionError(
          e.getMessage()
              + ": reachable="
              + st.gitlabReachable()
              + " stale="
              + st.staleReason()
              + " runners="
              + st.snapshot().runners().size()
              + " zones="
              + st.snapshot().runners().stream()
                  .map(r -> String.valueOf(r.zone()))
                  .distinct()
                  .toList()
              + " carbon="
              + st.snapshot().carbon().keySet()
              + " problems="
              + st.carbonProblems()
              + " decisions="
              + st.decisions().size()
              + " jobs="
              + st.snapshot().jobs().size()
              + " sim pending="
              + live.pendingJobs().size()
              + " sim now="
              + live.now()
              + " clock="
              + clock.instant(),
          e);
    }
  }

  Service start(Path yaml, Map<String, String> env) {
    var loaded = ConfigLoader.load(yaml, env);
    // the engine the one factory builds from the file, as serve does
    return Service.start(
        ConfiguredEngine.of(loaded).engine(), loaded.service(), clock, Duration.ofMillis(100));
  }

  static HttpResponse<String> get(Service s, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theConfiguredProviderAndFleetFileReachTheFleetApi() throws Exception {
    var yaml = config("{provider: static}");
    try (var service = start(yaml, Map.of("RUNNERIQ_GITLAB_TOKEN", GITLAB_TOKEN))) {
      waitFor(
          service,
          () ->
              service
                  .state()
                  .snapshot()
                  .carbon()
                  .keySet()
                  .containsAll(java.util.Set.of("DE", "GB")));
      JsonNode f = Documents.JSON.readTree(get(service, "/api/v1/fleet").body());
      var table = StaticTableSource.bundled2023(false);
      assertThat(f.get("carbon_provider").asText()).isEqualTo("static");
      int de = 0;
      for (JsonNode r : f.get("runners")) {
        var own =
            Bundled.fleet().stream()
                .filter(x -> x.id() == r.get("id").asLong())
                .findFirst()
                .orElseThrow();
        String zone = r.get("zone").asText();
        if ("DE".equals(own.zone())) {
          de++;
          assertThat(zone).isEqualTo("DE");
          assertThat(r.get("concurrency").asInt())
              .as("from the fleet file")
              .isEqualTo(FILE_CAPACITY);
        } else {
          assertThat(zone).as("fleet.zone for runners the file does not list").isEqualTo("GB");
        }
        assertThat(r.get("gco2_per_kwh").asDouble())
            .isEqualTo(table.latest(zone).orElseThrow().gco2PerKwh());
      }
      assertThat(de).isPositive();
      assertThat(service.state().snapshot().runners())
          .filteredOn(r -> "DE".equals(r.zone()))
          .allSatisfy(
              r -> {
                var own = Bundled.fleet().stream().filter(x -> x.id() == r.id()).findFirst();
                assertThat(r.watts()).isEqualTo(own.orElseThrow().watts());
                assertThat(r.speed()).isEqualTo(own.orElseThrow().speed());
              });
      // the others: fleet.watts and fleet.speed defaults
      assertThat(service.state().snapshot().runners())
          .filteredOn(r -> "GB".equals(r.zone()))
          .allSatisfy(r -> assertThat(r.watts()).isEqualTo(100));
    }
  }

  @Test
  void runnersWithoutAZoneAreNamedNotCountedAsZeroCarbon() throws Exception {
    // the fleet file gives the DE runners their zone; no default zone for the others
    var yaml = config("{provider: static}", "zone_by_tag: {}");
    try (var service = start(yaml, Map.of("RUNNERIQ_GITLAB_TOKEN", GITLAB_TOKEN))) {
      // once DE is read: before, its runners are named too, as runners without a reading
      waitFor(
          service,
          () ->
              service.state().snapshot().carbon().containsKey("DE")
                  && service.state().carbonProblems().size() > 1);
      var problems = service.state().carbonProblems();
      for (var r : Bundled.fleet()) {
        String key = "runner " + r.name() + " (" + r.id() + ")";
        if ("DE".equals(r.zone())) {
          assertThat(problems).doesNotContainKey(key);
        } else {
          assertThat(problems).containsKey(key);
          assertThat(problems.get(key)).startsWith("no zone").contains("no carbon data");
        }
      }
      JsonNode f = Documents.JSON.readTree(get(service, "/api/v1/fleet").body());
      assertThat(f.get("carbon_problems").has("runner gpu-us-1 (20)")).isTrue();
    }
  }

  @Test
  void aFailingProviderIsReportedWithoutItsTokenAndDecisionsGoOn() throws Exception {
    var calls = new AtomicInteger();
    var down = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    down.createContext(
        "/",
        ex -> {
          calls.incrementAndGet();
          byte[] body = "{\"message\":\"service unavailable\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(503, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    down.start();
    try {
      var yaml =
          config(
              "{provider: electricitymaps, url: 'http://127.0.0.1:%d', timeout_ms: 500}"
                  .formatted(down.getAddress().getPort()));
      try (var service =
          start(
              yaml,
              Map.of(
                  "RUNNERIQ_GITLAB_TOKEN", GITLAB_TOKEN, "RUNNERIQ_CARBON_TOKEN", CARBON_TOKEN))) {
        waitFor(
            service,
            () ->
                service.state().carbonProblems().keySet().containsAll(java.util.Set.of("DE", "GB"))
                    && service.logged() > 0);
        assertThat(calls.get()).isPositive();

        var ready = get(service, "/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        var carbon = Documents.JSON.readTree(ready.body()).get("checks").get("carbon");
        assertThat(carbon.get("ok").asBoolean()).isFalse();
        assertThat(carbon.get("required").asBoolean()).isFalse();
        assertThat(carbon.get("detail").asText())
            .as("counts only: the zones and reasons are behind the token")
            .contains("electricitymaps", "problem(s), listed on /api/v1/fleet")
            .doesNotContain("503");

        var fleet = get(service, "/api/v1/fleet").body();
        assertThat(Documents.JSON.readTree(fleet).at("/carbon_problems/DE").asText())
            .contains("503");
        for (String body : new String[] {ready.body(), fleet, get(service, "/metrics").body()}) {
          assertThat(body).doesNotContain(CARBON_TOKEN);
        }
        assertThat(service.state().snapshot().carbon()).isEmpty();
        service.audit().flush(Duration.ofSeconds(10));
        assertThat(ServeEndToEndTest.all(service.store()))
            .as("without carbon data the engine still advises, and logs it")
            .isNotEmpty()
            .allSatisfy(d -> assertThat(d.json()).contains("\"explanation\""));
      }
    } finally {
      down.stop(0);
    }
  }
}
