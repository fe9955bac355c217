package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.freePort;
import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.testing.Fixtures;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runneriq serve} in gate mode as its own process, in front of the simulated GitLab on the
 * real clock, one runner of one slot: the CRITICAL deploy starts before older LOW jobs; the process
 * killed with SIGKILL, every held job starts at its floor; a second process on the same audit log
 * plays what is held since, plays no job twice, and leaves a job GitLab refuses (403) to its floor.
 */
class GateKillTest {
  static final Duration FLOOR = Duration.ofSeconds(20);
  static final String TOKEN = "glpat-gate-kill-token";
  static final String HOOK_SECRET = "gate-kill-hook-secret";
  static final String API_TOKEN = "gate-kill-api-token";

  @TempDir Path dir;
  long nextId = 9000;

  /** A one-job pipeline ready at {@code at}, of {@code durationS} seconds. */
  TracePipeline pipeline(Instant at, Fixtures.JobBuilder job, double durationS) {
    long id = ++nextId;
    PendingJob spec = job.id(id).pipelineId(id).pendingSince(at).tags("docker").build();
    return new TracePipeline(
        spec.pipeline(),
        at,
        null,
        List.of(new TraceJob(spec, null, durationS, false, false, TraceJob.ON_SUCCESS, 0)));
  }

  static Fixtures.JobBuilder lint(String project) {
    return Fixtures.job("lint", "test").project(project).branch("feature/x", false, false);
  }

  static Fixtures.JobBuilder deploy() {
    return Fixtures.job("deploy-prod", "deploy")
        .onProtectedDefaultBranch()
        .environment("production", "production");
  }

  /** Not held: the template holds push, merge request and web pipelines only. */
  static Fixtures.JobBuilder occupier() {
    return Fixtures.job("build-image", "build").source("api");
  }

  Process serve(Path config, Path log) throws Exception {
    return serveProcess(config, log, Map.of());
  }

  /**
   * {@code runneriq serve --config config} as a process of its own, its output in {@code log}, with
   * the tokens of these tests and {@code env} besides.
   */
  static Process serveProcess(Path config, Path log, Map<String, String> env) throws Exception {
    var all = new java.util.HashMap<String, String>(env);
    all.put("RUNNERIQ_GITLAB_TOKEN", TOKEN);
    all.put("RUNNERIQ_GITLAB_WEBHOOK_SECRET", HOOK_SECRET);
    all.put("RUNNERIQ_API_TOKEN", API_TOKEN);
    return ServeProcess.start(config, log, null, all);
  }

  /**
   * The gate-mode config of these tests: every project held, a play only as runner 1's one slot
   * frees, polled every second.
   *
   * @param store the {@code store} section's lines, indented by two spaces after the first
   * @param gateLines more lines of the {@code gate} section, each indented by two spaces
   */
  static String gateConfig(URI gitlab, String store, int port, String gateLines) {
    return """
        mode: gate
        gitlab:
          url: %s
          poll_interval_s: 1
          requests_per_second: 1000
          concurrency:
            by_id: {"1": 1}
        store:
          %s
        server:
          port: %d
        gate:
          projects: ["**"]
          beyond_free: 0
        %s"""
        .formatted(gitlab, store, port, gateLines);
  }

  static String get(int port, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + API_TOKEN)
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Plays the simulated GitLab received per job id. */
  static Map<Long, Integer> plays(SimGitLab gitlab) {
    var out = new HashMap<Long, Integer>();
    for (String a : gitlab.actions()) {
      if (a.startsWith("play ")) {
        out.merge(Long.parseLong(a.substring(5)), 1, Integer::sum);
      }
    }
    return out;
  }

  @Test
  void criticalFirstThenTheFloorAfterSigkillThenNoDoublePlayAfterARestartAndA403LeftToItsFloor()
      throws Exception {
    Instant t0 = Instant.now().plusSeconds(8); // the first process starts meanwhile
    var p = new ArrayList<TracePipeline>();
    p.add(pipeline(t0, occupier(), 12));
    var lints = new ArrayList<Long>();
    for (int i = 1; i <= 3; i++) {
      p.add(pipeline(t0.plusSeconds(i), lint("shop/web"), 2));
      lints.add(nextId);
    }
    p.add(pipeline(t0.plusSeconds(4), deploy(), 2));
    long deploy = nextId;
    for (int i = 5; i <= 7; i++) {
      p.add(pipeline(t0.plusSeconds(i), lint("shop/web"), 2));
      lints.add(nextId);
    }
    // after the restart: the runner busy again, a deploy, two lints and one GitLab refuses
    p.add(pipeline(t0.plusSeconds(45), occupier(), 12));
    p.add(pipeline(t0.plusSeconds(46), lint("shop/web"), 2));
    long lint7 = nextId;
    p.add(pipeline(t0.plusSeconds(47), lint("shop/docs"), 2));
    long refusedJob = nextId;
    p.add(pipeline(t0.plusSeconds(48), deploy(), 2));
    long deploy2 = nextId;
    p.add(pipeline(t0.plusSeconds(49), lint("shop/web"), 2));
    long lint8 = nextId;
    var trace = new Trace("gate-kill-test", p);
    Runner runner = Fixtures.runner(1).tags("docker").slots(1, 0).build();
    var live =
        LiveSim.gated(
            trace,
            List.of(runner),
            Bundled.carbon(),
            LiveSim.Gate.everyProject(new GateModel(0, Duration.ZERO, FLOOR, FLOOR, null, null)),
            1);
    int servePort = freePort();
    var clock = new SimClock(t0, 1);
    try (var gitlab = ServeProcess.gitlab(live, trace, clock, TOKEN, HOOK_SECRET, servePort)) {
      gitlab.refuseWrites("shop/docs", SimGitLab.Refusal.NOT_DEVELOPER);
      Path config = dir.resolve("runneriq.yaml");
      Files.writeString(
          config, gateConfig(gitlab.url(), "sqlite: " + dir.resolve("audit.db"), servePort, ""));

      // the first process plays the deploy when the runner frees, then is killed
      var first = serve(config, dir.resolve("first.log"));
      try {
        waitFor(() -> plays(gitlab).containsKey(deploy), Duration.ofSeconds(40));
        waitFor(() -> started(live, deploy), Duration.ofSeconds(10));
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        first.waitFor();
      }
      int playedByFirst = plays(gitlab).size();
      assertThat(playedByFirst).as("only the deploy was due").isEqualTo(1);

      // nothing acts now: every held job starts at its floor
      waitUntil(t0.plusSeconds(7).plus(FLOOR).plusSeconds(3));
      live.advanceTo(clock.instant());
      var deployState = live.job(deploy).orElseThrow();
      for (long id : lints) {
        var s = live.job(id).orElseThrow();
        assertThat(s.startedAt()).as("lint %d ran after the deploy", id).isNotNull();
        assertThat(s.startedAt()).isAfter(deployState.startedAt());
        assertThat(s.user()).as("nobody played %d", id).isNull();
        assertThat(Duration.between(s.createdAt(), s.pendingAt()))
            .as("lint %d pending at its floor", id)
            .isBetween(FLOOR.minusMillis(500), FLOOR.plusMillis(500));
      }
      assertThat(deployState.user()).isEqualTo("runneriq");
      assertThat(Duration.between(deployState.createdAt(), deployState.pendingAt()))
          .isLessThan(FLOOR);

      // a second process on the same audit log: the lease is free again (the kernel let it go)
      var second = serve(config, dir.resolve("second.log"));
      try {
        waitFor(
            () -> {
              try {
                return Documents.JSON
                    .readTree(get(servePort, "/api/v1/mode"))
                    .path("acting")
                    .asBoolean();
              } catch (Exception e) {
                return false; // not listening yet
              }
            },
            Duration.ofSeconds(14));
        try {
          // the lints in any order: what the service learned of shop/web's lint (its history)
          // may put it before or after shop/docs' refused one
          waitFor(
              () -> plays(gitlab).keySet().containsAll(List.of(lint8, refusedJob)),
              Duration.ofSeconds(45));
        } catch (AssertionError e) {
          throw new AssertionError(
              "plays "
                  + plays(gitlab)
                  + "; the second process said:\n"
                  + Files.readString(dir.resolve("second.log"))
                  + "\nmode "
                  + get(servePort, "/api/v1/mode"),
              e);
        }
        waitFor(() -> started(live, lint8), Duration.ofSeconds(10));
        var all = plays(gitlab);
        assertThat(all.values()).as("no job played twice").allMatch(n -> n == 1);
        assertThat(all.keySet())
            .containsExactlyInAnyOrder(deploy, deploy2, lint7, refusedJob, lint8);
        // the CRITICAL deploy first, though both lints were ready before it
        var d2 = live.job(deploy2).orElseThrow();
        assertThat(d2.startedAt()).isBefore(live.job(lint7).orElseThrow().startedAt());
        assertThat(d2.startedAt()).isBefore(live.job(lint8).orElseThrow().startedAt());

        String mode = get(servePort, "/api/v1/mode");
        var m = Documents.JSON.readTree(mode);
        assertThat(m.get("forbidden").asLong()).as(mode).isEqualTo(1);
        assertThat(m.get("last_forbidden").get(0).get("job_id").asLong()).isEqualTo(refusedJob);
        var ready = Documents.JSON.readTree(get(servePort, "/readyz")).get("checks").get("gate");
        assertThat(ready.get("ok").asBoolean()).isFalse();

        // the refused job is left to its floor
        waitUntil(t0.plusSeconds(47).plus(FLOOR).plusSeconds(2));
        live.advanceTo(clock.instant());
        var refused = live.job(refusedJob).orElseThrow();
        assertThat(refused.user()).isNull();
        assertThat(Duration.between(refused.createdAt(), refused.pendingAt()))
            .isBetween(FLOOR.minusMillis(500), FLOOR.plusMillis(500));
        assertThat(plays(gitlab).get(refusedJob)).as("never asked again").isEqualTo(1);
      } finally {
        second.destroy();
        second.waitFor();
      }
    }
  }

  static boolean started(LiveSim live, long job) {
    return live.job(job).map(s -> s.startedAt() != null).orElse(false);
  }

  static void waitUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }
}
