package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.freePort;
import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.formats.Documents;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runneriq serve} as its own process, logging JSON lines, in front of the simulated GitLab
 * at 60x: sent SIGTERM while it decides, it says each step of its stop in order, exits 0 within the
 * bound, and every decision it logged as handed to the audit log is in the SQLite file afterwards.
 */
class ServeShutdownTest {
  static final String TOKEN = "glpat-shutdown-token";
  static final String HOOK_SECRET = "shutdown-hook-secret";
  static final String API_TOKEN = "shutdown-api-token";

  @TempDir Path dir;

  @Test
  void sigtermFinishesTheCycleFlushesTheAuditLogStopsTheServerAndExitsZero() throws Exception {
    var trace = WorkloadPresets.generate("busy-day", 7);
    var live = new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7);
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofHours(10)), 60);
    int servePort = freePort();
    Path audit = dir.resolve("audit.db");
    try (var gitlab = ServeProcess.gitlab(live, trace, clock, TOKEN, HOOK_SECRET, servePort)) {
      Path config = dir.resolve("runneriq.yaml");
      Files.writeString(
          config,
          """
          gitlab:
            url: %s
            poll_interval_s: 1
            requests_per_second: 1000
          store:
            sqlite: %s
          server:
            port: %d
          logging:
            format: json
            levels:
              dev.runneriq.app.serve.ControlLoop: debug
          """
              .formatted(gitlab.url(), audit, servePort));
      Path err = dir.resolve("serve.log");
      Path out = dir.resolve("serve.out");
      var serve =
          ServeProcess.start(
              config,
              out,
              err,
              Map.of(
                  "RUNNERIQ_GITLAB_TOKEN", TOKEN,
                  "RUNNERIQ_GITLAB_WEBHOOK_SECRET", HOOK_SECRET,
                  "RUNNERIQ_API_TOKEN", API_TOKEN));
      try {
        waitFor(() -> decisionsLogged(err).size() >= 20, Duration.ofSeconds(60));
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(45, TimeUnit.SECONDS)).as("stopped within the bound").isTrue();
      } finally {
        serve.destroyForcibly();
      }
      var log = lines(err);
      assertThat(serve.exitValue()).as(Files.readString(err)).isZero();

      var shutdown =
          log.stream()
              .map(l -> l.get("message").asText())
              .filter(m -> m.startsWith("shutdown:"))
              .toList();
      assertThat(shutdown)
          .as("the steps of the stop, in order")
          .satisfiesExactly(
              m -> assertThat(m).contains("no new decision cycle starts"),
              m -> assertThat(m).contains("control loop stopped"),
              m -> assertThat(m).contains("audit log flushed").endsWith(", 0 not written"),
              m -> assertThat(m).contains("HTTP server stopped"),
              m -> assertThat(m).isEqualTo("shutdown: complete, exit 0"));
      int loopStopped = indexOf(log, "shutdown: control loop stopped");
      int lastDecision = -1;
      for (int i = 0; i < log.size(); i++) {
        if (log.get(i).get("message").asText().equals("decision logged")) {
          lastDecision = i;
        }
      }
      assertThat(lastDecision).as("no decision after the loop stopped").isLessThan(loopStopped);

      var logged = decisionsLogged(err);
      var store = AuditStore.open(new StoreConfig("jdbc:sqlite:" + audit, null, null));
      var missing = logged.stream().filter(id -> store.byId(id).isEmpty()).toList();
      assertThat(missing).as("logged decisions missing from the audit file").isEmpty();
      assertThat(Files.readString(out))
          .as("stdout holds the banner, no log line")
          .startsWith("RunnerIQ serving")
          .doesNotContain("\"level\"");
    }
  }

  /**
   * Every whole line of the log as JSON (not one still being written): a line that does not parse
   * fails the test.
   */
  static List<JsonNode> lines(Path log) {
    var out = new ArrayList<JsonNode>();
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (!line.isBlank()) {
          out.add(Documents.JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The decision ids the process logged as handed to the audit log, in order. */
  static List<String> decisionsLogged(Path log) {
    if (!Files.exists(log)) {
      return List.of();
    }
    return lines(log).stream()
        .filter(l -> l.get("message").asText().equals("decision logged"))
        .map(l -> l.get("decision_id").asText())
        .toList();
  }

  static int indexOf(List<JsonNode> log, String prefix) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).get("message").asText().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line " + prefix);
  }
}
