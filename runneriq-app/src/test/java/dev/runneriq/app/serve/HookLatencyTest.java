package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How soon advice follows the Job Hook that shows a job pending, on a service that polls 50
 * projects one by one at GitLab's default pace (5 requests a second), in front of the simulated
 * GitLab at 60× real time during the busy day's afternoon. A measurement, printed for
 * docs/SERVICE.md: the test asserts that jobs were announced by hooks and decided, and that the
 * metrics show it, not how fast.
 */
class HookLatencyTest {
  static final int PROJECTS = 50;
  static final String TOKEN = "glpat-hook-latency";
  static final String SECRET = "hook-latency-secret";

  @TempDir Path dir;

  /** The busy day's pipelines spread over {@link #PROJECTS} projects. */
  static Trace fiftyProjects(Trace trace) {
    var out = new ArrayList<TracePipeline>();
    for (var tp : trace.pipelines()) {
      var moved = tp.pipeline().inProject("team-" + (tp.pipeline().id() % PROJECTS) + "/app");
      var jobs = new ArrayList<TraceJob>();
      for (var j : tp.jobs()) {
        jobs.add(j.withSpec(j.spec().inPipeline(moved)));
      }
      out.add(new TracePipeline(moved, tp.createdAt(), null, jobs));
    }
    return new Trace(trace.source() + " over " + PROJECTS + " projects", out);
  }

  @Test
  void adviceFollowsTheJobHook() throws Exception {
    var trace = fiftyProjects(WorkloadPresets.generate("busy-day", 3));
    var live = new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 3);
    // 60× by default; -Drunneriq.hook-latency.speed=15 measures at a gentler hook rate
    double speed = Double.parseDouble(System.getProperty("runneriq.hook-latency.speed", "60"));
    int samples = Integer.getInteger("runneriq.hook-latency.samples", 60);
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofHours(13)), speed);
    int gitlabPort = ServeEndToEndTest.freePort();
    String projects =
        IntStream.range(0, PROJECTS)
            .mapToObj(i -> "team-" + i + "/app")
            .collect(Collectors.joining(", ", "[", "]"));
    Path yaml = dir.resolve("runneriq.yaml");
    Files.writeString(
        yaml,
        """
        gitlab:
          url: http://127.0.0.1:%d
          poll_interval_s: 30
          scope: {projects: %s}
          concurrency: {default: 4}
        store: {sqlite: %s}
        server: {port: 0, auth: false}
        """
            .formatted(gitlabPort, projects, dir.resolve("audit.db")),
        StandardCharsets.UTF_8);
    var loaded =
        ConfigLoader.load(
            yaml, Map.of("RUNNERIQ_GITLAB_TOKEN", TOKEN, "RUNNERIQ_GITLAB_WEBHOOK_SECRET", SECRET));
    try (var engine = ConfiguredEngine.of(loaded);
        var service =
            Service.start(engine.engine(), loaded.service(), clock, Duration.ofMillis(250));
        var gitlab =
            new SimGitLab(
                    new SimGitLab.Options(
                        live,
                        trace,
                        clock,
                        TOKEN,
                        URI.create("http://127.0.0.1:" + service.port() + "/hooks/gitlab"),
                        SECRET,
                        gitlabPort))
                .start()) {
      // the first poll reads 50 projects; the jobs announced meanwhile queue behind it: measure
      // once that queue is worked off (a few jobs may be announced while the last are read)
      ServeEndToEndTest.waitFor(
          () -> service.hookToAdvice().count() > 0 && service.hookBacklog() <= 3,
          Duration.ofSeconds(150));
      long warm = System.nanoTime();
      service.hookToAdvice().reset();
      ServeEndToEndTest.waitFor(
          () -> service.hookToAdvice().count() >= samples,
          Duration.ofSeconds(Math.max(90, samples * 120L / (long) speed)));
      var l = service.hookToAdvice();
      System.out.printf("measured over %d s%n", (System.nanoTime() - warm) / 1_000_000_000L);
      System.out.printf(
          "hook -> advice at %.0fx over %d jobs, %d projects polled one by one: p50 %d ms, p95 %d ms,"
              + " max %d ms%n",
          speed,
          l.count(),
          PROJECTS,
          l.percentile(50).toMillis(),
          l.percentile(95).toMillis(),
          l.percentile(100).toMillis());
      assertThat(gitlab.hooksDelivered()).isPositive();
      String metrics = ServeCarbonConfigTest.get(service, "/metrics").body();
      assertThat(metrics)
          .containsPattern("(?m)^runneriq_hook_to_advice_seconds_count [1-9]")
          .containsPattern("(?m)^runneriq_hook_backlog_jobs [0-9]")
          .containsPattern("(?m)^runneriq_hook_dropped_total 0");
      assertThat(l.count()).isGreaterThanOrEqualTo(40);
    }
  }
}
