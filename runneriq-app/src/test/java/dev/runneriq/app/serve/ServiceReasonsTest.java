package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.LoggingConfig;
import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.app.logging.Logs;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.io.ByteArrayOutputStream;
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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No configured secret leaves the service in a reason: not when a request cannot be built because a
 * secret holds a character no HTTP header may carry (the JDK's message repeats the whole value),
 * and not when GitLab's own error message repeats one. Checked on every answer that carries a
 * reason (the open /readyz, the queue, the fleet) and on the log.
 */
class ServiceReasonsTest {
  static final String API_TOKEN = "api-token-never-shown-5e1a";
  static final String HOOK_SECRET = "hook-secret-never-shown-77c0";
  static final String CARBON_TOKEN = "em-token-never-shown-9d2b";

  /** The part of a bad secret on each side of the character a header cannot carry. */
  static final String HEAD = "glpat-HEADOFSECRET";

  static final String TAIL = "TAILOFSECRET-41";

  @TempDir Path dir;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void captureTheLog() {
    Logs.applyTo(LoggingConfig.DEFAULT, log);
  }

  @AfterEach
  void close() throws Exception {
    for (var c : open.reversed()) {
      c.close();
    }
    Logs.apply(Logs.COMMANDS);
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** The service's config from a runneriq.yaml for GitLab at {@code gitlab}, secrets as given. */
  ServiceConfig config(URI gitlab, Secret gitlabToken, String carbonToken) throws Exception {
    Path yaml = dir.resolve("runneriq.yaml");
    Files.writeString(
        yaml,
        """
        gitlab: {url: %s, poll_interval_s: 1, concurrency: {default: 2}}
        store: {sqlite: %s}
        server: {port: 0}
        fleet: {zone: DE}
        carbon: {provider: electricitymaps, url: 'http://127.0.0.1:9', timeout_ms: 300}
        """
            .formatted(gitlab, dir.resolve("audit.db")));
    var loaded =
        ConfigLoader.load(
                yaml,
                Map.of(
                    "RUNNERIQ_GITLAB_TOKEN",
                    "glpat-placeholder",
                    "RUNNERIQ_API_TOKEN",
                    API_TOKEN,
                    "RUNNERIQ_GITLAB_WEBHOOK_SECRET",
                    HOOK_SECRET,
                    "RUNNERIQ_CARBON_TOKEN",
                    "placeholder"))
            .service();
    // as a secret may reach the service by a way the config file's checks do not guard
    var g = loaded.gitlab();
    var carbon = loaded.carbon();
    return new ServiceConfig(
        new ServiceConfig.GitLab(
            g.url(),
            gitlabToken,
            g.webhookSecret(),
            g.scope(),
            g.pollInterval(),
            g.requestsPerSecond(),
            g.maxPages(),
            g.concurrency()),
        loaded.store(),
        loaded.retention(),
        loaded.server(),
        new ServiceConfig.Carbon(carbon.provider().withToken(carbonToken), carbon.refresh()),
        loaded.sites(),
        loaded.gate(),
        loaded.optimizer(),
        loaded.budgets());
  }

  Service start(ServiceConfig config, InstantSource clock) {
    var s =
        Service.start(Engine.standard(EngineConfig.DEFAULT), config, clock, Duration.ofMillis(100));
    open.add(s);
    return s;
  }

  /** The service in front of the simulated GitLab, its runners in DE, with this carbon token. */
  Service startBehindSimulatedGitLab(String carbonToken) throws Exception {
    var trace = WorkloadPresets.generate("busy-day", 7);
    var live = new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7);
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofHours(13)), 60);
    var gitlab =
        new SimGitLab(
                new SimGitLab.Options(
                    live, trace, clock, "glpat-sim-ok", null, null, ServeEndToEndTest.freePort()))
            .start();
    open.add(gitlab);
    return start(config(gitlab.url(), Secret.of("glpat-sim-ok"), carbonToken), clock);
  }

  static String get(Service s, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + API_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  void assertNowhere(Service s, String... secrets) throws Exception {
    var seen =
        List.of(
            get(s, "/readyz"),
            get(s, "/api/v1/queue"),
            get(s, "/api/v1/fleet"),
            get(s, "/api/v1/stats"),
            log());
    for (String text : seen) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  @Test
  void aGitLabTokenNoHeaderCanCarryIsNotRepeatedWhenItsRequestCannotBeBuilt() throws Exception {
    var unused = URI.create("http://127.0.0.1:" + ServeEndToEndTest.freePort());
    var s =
        start(
            config(unused, Secret.of(HEAD + "\u0001" + TAIL), CARBON_TOKEN),
            InstantSource.system());
    ServeEndToEndTest.waitFor(
        () -> s.state().staleReason() != null && s.cycles() > 1, Duration.ofSeconds(20));
    assertThat(get(s, "/api/v1/queue"))
        .contains(
            "the request to GET /api/v4/runners/all?per_page=100 could not be built: a header value is invalid");
    assertNowhere(s, HEAD, TAIL);
  }

  @Test
  void aCarbonTokenNoHeaderCanCarryIsNotRepeatedWhenItsRequestCannotBeBuilt() throws Exception {
    var s = startBehindSimulatedGitLab(HEAD + "\u0001" + TAIL);
    ServeEndToEndTest.waitFor(
        () -> s.state().carbonProblems().containsKey("DE"), Duration.ofSeconds(30));
    assertThat(get(s, "/api/v1/fleet")).contains("could not be built: a header value is invalid");
    assertNowhere(s, HEAD, TAIL);
  }

  @Test
  void secretsGitLabRepeatsInItsErrorsAreRedactedEverywhere() throws Exception {
    var echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        ex -> {
          byte[] body =
              ("{\"message\":\"hook "
                      + HOOK_SECRET
                      + ", api "
                      + API_TOKEN
                      + ", grid "
                      + CARBON_TOKEN
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(400, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    echo.start();
    open.add(() -> echo.stop(0));
    var gitlab = URI.create("http://127.0.0.1:" + echo.getAddress().getPort());
    var s =
        start(config(gitlab, Secret.of("glpat-echo-test"), CARBON_TOKEN), InstantSource.system());
    ServeEndToEndTest.waitFor(
        () -> s.state().staleReason() != null && s.cycles() > 1, Duration.ofSeconds(20));
    assertThat(get(s, "/api/v1/queue"))
        .contains("hook [REDACTED], api [REDACTED], grid [REDACTED]");
    assertNowhere(s, HOOK_SECRET, API_TOKEN, CARBON_TOKEN);
  }

  @Test
  void aGitLabOrProviderThatCannotBeReachedIsSaidInWords() throws Exception {
    var closed = URI.create("http://127.0.0.1:" + ServeEndToEndTest.freePort());
    var s =
        start(config(closed, Secret.of("glpat-closed-port"), CARBON_TOKEN), InstantSource.system());
    // once the first poll has failed (its retries take a moment): before, the reason is that none
    // ran
    ServeEndToEndTest.waitFor(
        () -> String.valueOf(s.state().staleReason()).startsWith("GitLab failed"),
        Duration.ofSeconds(30));
    // the JDK's own words where it has any ("Connection refused"), else ours
    assertThat(s.state().staleReason())
        .containsAnyOf("network error: Connection refused", "network error: cannot connect")
        .doesNotContain("Exception")
        .doesNotContain("java.");
    open.remove(s);
    s.close(); // one instance on an audit log file at a time

    // the provider (carbon.url: port 9 on loopback, where nothing listens) behind a working GitLab
    var t = startBehindSimulatedGitLab(CARBON_TOKEN);
    ServeEndToEndTest.waitFor(
        () -> t.state().carbonProblems().containsKey("DE"), Duration.ofSeconds(30));
    assertThat(t.state().carbonProblems().get("DE"))
        .contains("cannot reach 127.0.0.1")
        .doesNotContain("Exception")
        .doesNotContain("java.");
  }
}
