package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.formats.Documents;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.Stats;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  static final String TOKEN = "glpat-sim-replay";
  static final int DAYS = 7;

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (var c : open) {
      c.close();
    }
  }

  /** A simulated GitLab that has run a busy day under GitLab's {@code fair} order, now quiet. */
  record History(SimGitLab gitlab, LiveSim live) {}

  History history() throws Exception {
    var trace = WorkloadPresets.generate("busy-day", 7, 1, DAYS);
    var live =
        new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7).keepFinished(1_000_000);
    // a day and a half after the day began: every job of the day has ended; the clock runs at the
    // machine's pace, so nothing changes while the test reads
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofDays(DAYS).plusHours(12)), 1);
    var gitlab =
        new SimGitLab(new SimGitLab.Options(live, trace, clock, TOKEN, null, null, 0)).start();
    open.add(gitlab);
    return new History(gitlab, live);
  }

  Path config(String url, String token) throws Exception {
    var tokenFile = Files.writeString(dir.resolve("token"), token);
    return Files.writeString(
        dir.resolve("runneriq.yaml"),
        "gitlab:\n  url: "
            + url
            + "\n  token_file: "
            + tokenFile
            + "\n  requests_per_second: 1000\n");
  }

  @Test
  void aReplayOfTheSimulatedGitLabsHistoryUnderItsOwnOrderReproducesItsWaits() throws Exception {
    var h = history();
    var fleet = Files.writeString(dir.resolve("fleet.yaml"), Bundled.fleetYaml());
    var json = dir.resolve("r.json");
    var traceOut = dir.resolve("pulled.jsonl.gz");
    var r =
        CliTest.run(
            "replay",
            "--config",
            config(h.gitlab().url().toString(), TOKEN).toString(),
            "--fleet",
            fleet.toString(),
            "--since",
            WorkloadPresets.DAY.minus(Duration.ofHours(1)).toString(),
            "--policies",
            "fair,fifo,runneriq",
            "--json",
            json.toString(),
            "--trace-out",
            traceOut.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("replay: ", "pipelines", "fair", "fifo", "runneriq");
    assertThat(r.err()).contains("reading GitLab: projects");

    var pulled = TraceFormat.read(traceOut);
    var waits = new ArrayList<Long>();
    for (var p : pulled.pipelines()) {
      for (var j : p.jobs()) {
        var s = h.live().job(j.id()).orElseThrow();
        waits.add(
            Math.round(1000 * java.util.Objects.requireNonNull(s.queuedSeconds(s.startedAt()))));
      }
    }
    long[] sorted = waits.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    var seen = Stats.ofMillis(sorted);
    var doc = Documents.JSON.readTree(Files.readString(json));
    var fair = doc.at("/policies/fair/all");
    double mean = fair.at("/wait_s/mean").asDouble();
    double p95 = fair.at("/wait_s/p95").asDouble();
    System.out.printf(
        "replay reproduction: %d jobs (history %d); history wait mean %.1f s p95 %.1f s;"
            + " fair replay mean %.1f s p95 %.1f s; fifo mean %.1f s p95 %.1f s%n",
        fair.at("/jobs").asLong(),
        sorted.length,
        seen.mean(),
        seen.p95(),
        mean,
        p95,
        doc.at("/policies/fifo/all/wait_s/mean").asDouble(),
        doc.at("/policies/fifo/all/wait_s/p95").asDouble());
    System.out.println(r.out());
    assertThat(fair.at("/jobs").asLong()).isEqualTo(sorted.length);
    assertThat(mean).isCloseTo(seen.mean(), org.assertj.core.data.Percentage.withPercentage(10));
    assertThat(p95).isCloseTo(seen.p95(), org.assertj.core.data.Percentage.withPercentage(10));
  }
}
