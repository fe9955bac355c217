package dev.runneriq.bench;

import dev.runneriq.app.serve.SimulatedRun;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;

/**
 * {@link HookLoad}'s target, a process of its own: a real service ({@code Service}, as {@code
 * runneriq demo} starts it) in front of the simulated GitLab on loopback (the busy day at 60× real
 * time, whose own hooks keep coming), on a SQLite store or on an embedded PostgreSQL server (then a
 * single replica that leads: every delivery is committed to the inbox before its 200). Speaks to
 * its parent in lines prefixed {@value #PREFIX} on stdout; reads commands on stdin: {@code reset}
 * (forget the hook-to-advice latencies so far; with {@code -Dhookload.jfr=<file>}, start a flight
 * recording), {@code report} (and write the recording), and end of input to stop.
 *
 * <p>{@code java -cp benchmarks.jar dev.runneriq.bench.HookTarget sqlite|postgres}
 */
public final class HookTarget {
  static final String PREFIX = "hookload: ";

  /** The simulated GitLab's speed: simulated seconds per real second. */
  static final double SPEED = 60;

  private HookTarget() {}

  public static void main(String[] args) throws Exception {
    String storeKind = args.length > 0 ? args[0] : "sqlite";
    EmbeddedPostgres pg = null;
    StoreConfig store;
    if (storeKind.equals("postgres")) {
      pg = EmbeddedPostgres.builder().start();
      store =
          new StoreConfig(
              "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "postgres");
    } else if (storeKind.equals("sqlite")) {
      Path dir = Files.createTempDirectory("runneriq-hook-load");
      store = StoreConfig.sqlite(dir.resolve("audit.db"));
    } else {
      throw new IllegalArgumentException("store must be sqlite or postgres, but was " + storeKind);
    }
    try (var run =
        SimulatedRun.start(
            WorkloadPresets.generate("busy-day", 3),
            Bundled.fleet(),
            WorkloadPresets.DAY.plus(Duration.ofHours(13)),
            SPEED,
            3,
            store,
            0,
            Engine.standard(EngineConfig.DEFAULT),
            Duration.ofMillis(250))) {
      var service = run.service();
      while (service.cycles() < 2 || service.hookToAdvice().count() == 0) {
        Thread.sleep(200);
      }
      say(
          "ready %d %s %d %d"
              .formatted(
                  service.port(),
                  run.hookSecret(),
                  run.live().now().toEpochMilli(),
                  run.gitlab().hooksDelivered()));
      Recording recording = null;
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        switch (line.strip()) {
          case "reset" -> {
            service.hookToAdvice().reset();
            recording = record();
            say("ok");
          }
          case "report" -> {
            if (recording != null) {
              recording.dump(Path.of(System.getProperty("hookload.jfr", "hooks.jfr")));
              recording.close();
              recording = null;
            }
            var advice = service.hookToAdvice();
            say(
                "advice %d %d %d %d %d %s %d"
                    .formatted(
                        advice.count(),
                        advice.percentile(50).toMillis(),
                        advice.percentile(95).toMillis(),
                        advice.percentile(100).toMillis(),
                        service.hookBacklog(),
                        metric(service.port(), run.apiToken(), "runneriq_hook_dropped_total"),
                        service.cycles()));
          }
          default -> say("unknown command " + line);
        }
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
    // the audit log of the stream's decisions is flushed on close: not part of the measurement
    System.exit(0);
  }

  /** A profile of the run alone, when {@code -Dhookload.jfr=<file>} names where it goes. */
  private static @Nullable Recording record() throws IOException, ParseException {
    if (System.getProperty("hookload.jfr") == null) {
      return null;
    }
    var r = new Recording(Configuration.getConfiguration("profile"));
    r.start();
    return r;
  }

  private static void say(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }

  private static String metric(int port, String token, String name)
      throws IOException, InterruptedException {
    var body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(name.length() + 1))
        .findFirst()
        .orElse("?");
  }
}
