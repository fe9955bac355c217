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
import java.time.Instant;
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

  History history(int days) throws Exception {
    var trace = WorkloadPresets.generate("busy-day", 7, 1, days);
    var live =
        new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7).keepFinished(1_000_000);
    // a day and a half after the day began: every job of the day has ended; the clock runs at the
    // machine's pace, so nothing changes while the test reads
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofDays(days).plusHours(12)), 1);
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
    var h = history(DAYS);
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

  @Test
  void withoutAFleetTheRunnersTheJobsRanOnAreReadFromGitLabAndTheAssumptionsSaid()
      throws Exception {
    var h = history(1);
    var json = dir.resolve("r.json");
    var r =
        CliTest.run(
            "replay",
            "--config",
            config(h.gitlab().url().toString(), TOKEN).toString(),
            "--since",
            WorkloadPresets.DAY.toString(),
            "--policies",
            "fair",
            "--json",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    int runners = Bundled.fleet().size();
    assertThat(r.out())
        .contains("fleet: the " + runners + " runners the jobs ran on, from GitLab")
        .contains("concurrency")
        .contains("inferred: most jobs seen running at once");
    var doc = Documents.JSON.readTree(Files.readString(json));
    assertThat(doc.at("/fleet/runners").asInt()).isEqualTo(runners);
    // the most jobs seen at once on a runner can only fall short of its slots
    assertThat(doc.at("/fleet/slots").asInt())
        .isBetween(runners, Bundled.fleet().stream().mapToInt(x -> x.concurrency()).sum());
  }

  @Test
  void aSinceThatIsNeitherADurationNorATimeIsAnErrorNamingTheOption() {
    var r = CliTest.run("replay", "--config", "runneriq.yaml", "--since", "seven days");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("runneriq: --since must be a duration").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void sinceTakesDurationsDatesAndTimes() {
    var now = Instant.parse("2026-03-09T12:00:00Z");
    assertThat(ReplayCommand.since("7d", now)).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
    assertThat(ReplayCommand.since("36h", now)).isEqualTo(Instant.parse("2026-03-08T00:00:00Z"));
    assertThat(ReplayCommand.since("90m", now)).isEqualTo(Instant.parse("2026-03-09T10:30:00Z"));
    assertThat(ReplayCommand.since("2w", now)).isEqualTo(Instant.parse("2026-02-23T12:00:00Z"));
    assertThat(ReplayCommand.since("2026-03-02", now))
        .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(ReplayCommand.since("2026-03-02T09:00:00Z", now))
        .isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
  }

  @Test
  void withoutATokenTheReplayStopsAtOnceSayingWhereTheTokenGoes() throws Exception {
    var cfg = Files.writeString(dir.resolve("c.yaml"), "gitlab:\n  url: http://127.0.0.1:9\n");
    var r = CliTest.run("replay", "--config", cfg.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "runneriq: a GitLab token is required to replay: set RUNNERIQ_GITLAB_TOKEN or"
                + " gitlab.token_file");
  }

  @Test
  void aTokenGitLabRefusesIsOneLineNamingTheRequest() throws Exception {
    var h = history(1);
    var r =
        CliTest.run(
            "replay", "--config", config(h.gitlab().url().toString(), "glpat-wrong").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "runneriq: replay: cannot read GitLab: GitLab answered 401 to GET /api/v4/projects")
        .contains("RUNNERIQ_GITLAB_TOKEN")
        .doesNotContain("glpat-wrong")
        .doesNotContain("\tat ");
  }

  @Test
  void aGitLabThatDoesNotAnswerIsOneLine() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var closed = "http://127.0.0.1:" + port;
    var r = CliTest.run("replay", "--config", config(closed, TOKEN).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "runneriq: replay: cannot read GitLab: GitLab did not answer GET /api/v4/projects")
        .doesNotContain("\tat ");
  }
}
