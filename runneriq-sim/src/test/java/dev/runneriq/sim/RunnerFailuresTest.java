package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runners that fail jobs by their own fault ({@code system_failure_rate}, GitLab's {@code
 * runner_system_failure}): a faulted run ends after half its run time, wasted, and GitLab retries
 * the job at once, at most twice.
 */
class RunnerFailuresTest {
  @TempDir Path dir;

  private static String runner(double rate) {
    return "runners:\n  - {id: 1, name: one, concurrency: 1, system_failure_rate: " + rate + "}\n";
  }

  /** One pipeline, stages build then deploy: a 100 s build and a deploy that needs it. */
  private World buildAndDeploy(double rate) {
    var jobs = job(1, "compile", "build", 100, "") + "," + job(2, "ship", "deploy", 10, "");
    return SimFixtures.world(
        dir,
        List.of(pipeline(1, "p", T0, "[\"build\", \"deploy\"]", jobs, "")),
        SimFixtures.simFleet(dir, runner(rate)));
  }

  @Test
  void aRunnerThatFailsEveryRunEndsTheJobFailedAfterThreeAttempts() {
    var w = buildAndDeploy(1.0);
    var sim = SimFixtures.run(w, Policies.FIFO, 7);
    int build = SimFixtures.index(w, 1);
    int deploy = SimFixtures.index(w, 2);

    assertThat(sim.attempts(build)).isEqualTo(3);
    assertThat(sim.runnerFault(build)).isTrue();
    assertThat(sim.ran(build)).isTrue();
    assertThat(sim.lastRunMs(build)).isEqualTo(50_000);
    // three half runs back to back, each wasted
    assertThat(sim.startAt[build]).isEqualTo(100_000);
    assertThat(sim.endAt[build]).isEqualTo(150_000);
    assertThat(sim.wastedMs).isEqualTo(150_000);
    assertThat(sim.decisions).containsEntry(Simulation.RUNNER_FAILURES, 3L);
    // failed: the deploy is skipped
    assertThat(sim.ran(deploy)).isFalse();
    assertThat(sim.endAt[deploy]).isEqualTo(150_000);
  }

  @Test
  void aRunnerThatNeverFailsChangesNothingAndCountsNoFailures() {
    var w = buildAndDeploy(0);
    var sim = SimFixtures.run(w, Policies.FIFO, 7);
    int build = SimFixtures.index(w, 1);
    assertThat(sim.attempts(build)).isZero();
    assertThat(sim.runnerFault(build)).isFalse();
    assertThat(sim.lastRunMs(build)).isEqualTo(100_000);
    assertThat(sim.ran(SimFixtures.index(w, 2))).isTrue();
    assertThat(sim.wastedMs).isZero();
    assertThat(sim.decisions).doesNotContainKey(Simulation.RUNNER_FAILURES);
  }

  /** {@code n} 60 s test jobs, in pipelines of 20 created together. */
  private static List<String> manyJobs(int n) {
    var lines = new ArrayList<String>();
    var jobs = new ArrayList<String>();
    for (int i = 1; i <= n; i++) {
      jobs.add(job(i, "unit-" + i, "test", 60, ""));
      if (jobs.size() == 20 || i == n) {
        lines.add(pipeline(lines.size() + 1, "p", T0, String.join(",", jobs)));
        jobs.clear();
      }
    }
    return lines;
  }

  @Test
  void aRunnerAtOneFifthFailsAboutOneAttemptInFive() {
    var fleet =
        SimFixtures.simFleet(
            dir, "runners:\n  - {id: 1, name: one, concurrency: 50, system_failure_rate: 0.2}\n");
    var w = SimFixtures.world(dir, manyJobs(2000), fleet);
    var starts = new int[1];
    var sim =
        new Simulation(
            w,
            new Simulator(EngineConfig.DEFAULT).policies().get(Policies.FIFO),
            11,
            Simulation.Progress.NONE);
    sim.listener(
        new Simulation.Listener() {
          @Override
          public void started(int job, int runner, long now) {
            starts[0]++;
          }
        });
    sim.run();
    long failures = sim.decisions.get(Simulation.RUNNER_FAILURES);
    // about 2,500 attempts: one standard deviation of the share is 0.008
    assertThat((double) failures / starts[0])
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.03));
    assertThat(IntStream.range(0, w.jobCount()).map(sim::attempts).sum()).isEqualTo(failures);
    assertThat(IntStream.range(0, w.jobCount()).allMatch(j -> sim.endAt[j] >= 0)).isTrue();
  }

  @Test
  void theSameSeedFailsTheSameAttemptsUnderEveryPolicyAndAnotherSeedOthers() {
    // one runner: every policy runs every job there, so each attempt meets the same draw
    var fleet =
        SimFixtures.simFleet(
            dir, "runners:\n  - {id: 1, name: one, concurrency: 4, system_failure_rate: 0.3}\n");
    var w = SimFixtures.world(dir, manyJobs(400), fleet);
    int[] fifo = attempts(SimFixtures.run(w, Policies.FIFO, 5));
    assertThat(attempts(SimFixtures.run(w, Policies.FIFO, 5))).isEqualTo(fifo);
    assertThat(attempts(SimFixtures.run(w, Policies.FAIR, 5))).isEqualTo(fifo);
    assertThat(attempts(SimFixtures.run(w, Policies.RUNNERIQ, 5))).isEqualTo(fifo);
    assertThat(attempts(SimFixtures.run(w, Policies.FIFO, 6))).isNotEqualTo(fifo);
    assertThat(IntStream.of(fifo).sum()).isPositive();
  }

  private static int[] attempts(Simulation sim) {
    return IntStream.range(0, sim.world().jobCount()).map(sim::attempts).toArray();
  }

  @Test
  void theWaitCountsFromTheFirstPendingAndIncludesTheLostAttempt() {
    long seed = 3;
    double rate = 0.5;
    // a job id whose first attempt fails and whose second does not, under this seed
    long id =
        java.util.stream.LongStream.iterate(1, i -> i + 1)
            .filter(i -> Simulation.draw(seed, i, 0) < rate && Simulation.draw(seed, i, 1) >= rate)
            .findFirst()
            .orElseThrow();
    var w =
        SimFixtures.world(
            dir,
            List.of(pipeline(1, "p", T0, job(id, "unit", "test", 100, ""))),
            SimFixtures.simFleet(dir, runner(rate)));
    var sim = SimFixtures.run(w, Policies.FIFO, seed);
    int j = SimFixtures.index(w, id);

    assertThat(sim.attempts(j)).isEqualTo(1);
    assertThat(sim.runnerFault(j)).isFalse();
    assertThat(sim.pendingSince(j)).isZero();
    assertThat(sim.startAt[j]).isEqualTo(50_000);
    assertThat(sim.endAt[j]).isEqualTo(150_000);
    assertThat(sim.wastedMs).isEqualTo(50_000);
    var r = Metrics.measure("fifo", sim);
    assertThat(r.all().max()).isEqualTo(50.0);
    assertThat(r.jobsRun()).isEqualTo(1);
  }

  /** Every registered policy, gate modes included. */
  static List<String> policies() {
    return List.copyOf(new Simulator(EngineConfig.DEFAULT).policies().all().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void everyPolicyEndsEveryJobWhenRunnersFailJobs(String policy) {
    var trace = WorkloadPresets.generate("busy-day", 42);
    var runners = Bundled.fleet();
    var traits = new ArrayList<Fleet.SimTraits>();
    for (int r = 0; r < runners.size(); r++) {
      traits.add(new Fleet.SimTraits(r % 3 == 0 ? 0.3 : 0));
    }
    var simulator = new Simulator(EngineConfig.DEFAULT);
    var w = simulator.world(trace, new Fleet(runners, traits), Bundled.carbon());
    var sim = SimFixtures.run(w, policy, 42);

    assertThat(IntStream.range(0, w.jobCount()).filter(j -> sim.endAt[j] < 0).boxed().toList())
        .as("jobs that never ended")
        .isEmpty();
    assertThat(sim.decisions.get(Simulation.RUNNER_FAILURES)).isPositive();
    assertThat(IntStream.range(0, w.jobCount()).filter(j -> sim.attempts(j) > 2).count())
        .isEqualTo(
            IntStream.range(0, w.jobCount())
                .filter(j -> sim.attempts(j) > 2 && sim.ran(j) && sim.runnerFault(j))
                .count());
  }

  @Test
  void aLiveRunShowsEachFailedRunAsAFailedJobAndItsRetryAsANewOne() {
    var trace =
        TraceFormat.read(
            SimFixtures.write(
                dir,
                "trace.jsonl",
                List.of(pipeline(1, "p", T0, job(1, "unit", "test", 100, "")))));
    var live =
        new LiveSim(trace, SimFixtures.simFleet(dir, runner(1.0)), CarbonSeries.empty(), "fair", 1);
    var told = new ArrayList<String>();
    live.onChange(s -> told.add(s.job().id() + " " + s.status()));
    long runner = live.runners().getFirst().id();
    live.advanceTo(Instant.parse(T0).plusSeconds(10));
    assertThat(live.runningJobs(runner)).extracting(s -> s.job().id()).containsExactly(1L);
    live.advanceTo(Instant.parse(T0).plusSeconds(200));

    assertThat(told)
        .containsExactly(
            "1 pending",
            "1 running",
            "1 failed",
            "2 pending",
            "2 running",
            "2 failed",
            "3 pending",
            "3 running",
            "3 failed");
    var first = live.job(1).orElseThrow();
    assertThat(first.finishedAt()).isEqualTo(Instant.parse(T0).plusSeconds(50));
    var retry = live.job(2).orElseThrow();
    assertThat(retry.status()).isEqualTo("failed");
    assertThat(retry.pendingAt()).isEqualTo(Instant.parse(T0).plusSeconds(50));
    assertThat(live.finishedJobs(1)).extracting(s -> s.job().id()).containsExactly(3L, 2L, 1L);
    assertThat(live.runningJobs()).isEmpty();
    assertThat(live.runningJobs(runner)).as("a failed run leaves its runner").isEmpty();
    assertThat(live.pendingJobs()).isEmpty();
  }
}
