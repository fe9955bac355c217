package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTimingTest {
  @TempDir Path dir;

  private static final String STAGES = "[\"build\", \"test\", \"deploy\"]";

  private Simulation run(String jobs) {
    var fleet = SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: big, concurrency: 10}\n");
    var world = SimFixtures.world(dir, List.of(pipeline(1, "p", T0, STAGES, jobs, "")), fleet);
    return SimFixtures.run(world, Policies.FIFO, 7);
  }

  private static long start(Simulation sim, long id) {
    return sim.startAt[SimFixtures.index(sim.world(), id)];
  }

  @Test
  void stagesWaitForEveryEarlierJobAndNeedsOnlyForTheirs() {
    var sim =
        run(
            job(1, "compile", "build", 100, "")
                + ","
                + job(2, "slow-build", "build", 300, "")
                + ","
                + job(3, "unit", "test", 50, "")
                + ","
                + job(4, "fast-lane", "test", 10, ", \"needs\": [\"compile\"]")
                + ","
                + job(5, "at-once", "deploy", 10, ", \"needs\": []")
                + ","
                + job(6, "deploy", "deploy", 20, ""));
    assertThat(start(sim, 1)).isZero();
    assertThat(start(sim, 5)).isZero();
    assertThat(start(sim, 4)).isEqualTo(100_000);
    assertThat(start(sim, 3)).isEqualTo(300_000);
    assertThat(start(sim, 6)).isEqualTo(350_000);
    assertThat(sim.endAt[SimFixtures.index(sim.world(), 6)]).isEqualTo(370_000);
  }

  @Test
  void aFailedJobSkipsWhatDependsOnItUnlessAllowedToFail() {
    var sim =
        run(
            job(1, "flaky-lint", "build", 10, ", \"status\": \"failed\", \"allow_failure\": true")
                + ","
                + job(2, "compile", "build", 20, ", \"status\": \"failed\"")
                + ","
                + job(3, "side", "build", 5, "")
                + ","
                + job(4, "unit", "test", 30, "")
                + ","
                + job(5, "after-side", "test", 5, ", \"needs\": [\"side\", \"flaky-lint\"]")
                + ","
                + job(6, "deploy", "deploy", 20, "")
                + ","
                + job(7, "cleanup", "deploy", 5, ", \"when\": \"always\""));
    var w = sim.world();
    assertThat(sim.ran(SimFixtures.index(w, 4))).as("unit after a failed compile").isFalse();
    assertThat(sim.ran(SimFixtures.index(w, 6))).as("deploy, two steps down").isFalse();
    assertThat(start(sim, 5)).as("allow_failure does not skip").isEqualTo(10_000);
    assertThat(start(sim, 7)).as("when: always runs anyway").isEqualTo(20_000);
  }

  @Test
  void manualJobsDoNotRunAndDelayedJobsWaitTheirStartIn() {
    var sim =
        run(
            job(1, "compile", "build", 60, "")
                + ","
                + job(2, "deploy-prod", "deploy", 20, ", \"when\": \"manual\"")
                + ","
                + job(3, "canary", "test", 10, ", \"when\": \"delayed\", \"start_in_s\": 300"));
    assertThat(sim.ran(SimFixtures.index(sim.world(), 2))).isFalse();
    assertThat(start(sim, 3)).isEqualTo(360_000);
    assertThat(sim.pendingAt[SimFixtures.index(sim.world(), 3)]).isEqualTo(360_000);
  }

  @Test
  void aJobRunsItsDurationDividedByTheRunnersSpeed() {
    var fleet =
        SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: fast, concurrency: 1, speed: 2.0}\n");
    var world =
        SimFixtures.world(
            dir, List.of(pipeline(1, "p", T0, job(1, "unit", "test", 100, ""))), fleet);
    var sim = SimFixtures.run(world, Policies.FAIR, 1);
    assertThat(sim.endAt[0]).isEqualTo(50_000);
  }
}
