package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchOrderTest {
  @TempDir Path dir;

  private static final String ONE_INSTANCE_RUNNER =
      "runners:\n  - {id: 1, name: shared, concurrency: 6}\n";

  /** GitLab's documented fair-scheduling example, all six jobs pending at once. */
  private List<String> gitlabExample() {
    return List.of(
        pipeline(
            10,
            "p1",
            T0,
            job(1, "a", "test", 600, "")
                + ","
                + job(2, "b", "test", 600, "")
                + ","
                + job(3, "c", "test", 600, "")),
        pipeline(20, "p2", T0, job(4, "a", "test", 600, "") + "," + job(5, "b", "test", 600, "")),
        pipeline(30, "p3", T0, job(6, "a", "test", 600, "")));
  }

  @Test
  void instanceRunnerUnderFairTakesGitLabsDocumentedOrder() {
    var world =
        SimFixtures.world(dir, gitlabExample(), SimFixtures.fleet(dir, ONE_INSTANCE_RUNNER));
    var sim = SimFixtures.run(world, Policies.FAIR, 1);
    assertThat(SimFixtures.startOrder(sim)).containsExactly(1L, 4L, 6L, 2L, 5L, 3L);
  }

  @Test
  void fifoTakesOldestFirstWhateverTheProject() {
    var world =
        SimFixtures.world(dir, gitlabExample(), SimFixtures.fleet(dir, ONE_INSTANCE_RUNNER));
    var sim = SimFixtures.run(world, Policies.FIFO, 1);
    assertThat(SimFixtures.startOrder(sim)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void projectRunnerTakesOldestJobOfItsProjectsOnlyEvenUnderFair() {
    var fleet =
        SimFixtures.fleet(
            dir,
            "runners:\n  - {id: 7, name: p1-only, runner_type: project_type, concurrency: 1,"
                + " projects: [p1]}\n");
    // Job 3 is created first but job 1 is older by id; p2's job never matches.
    var trace =
        List.of(
            pipeline(1, "p1", "2026-03-02T09:00:00Z", job(3, "late-id", "test", 60, "")),
            pipeline(2, "p1", "2026-03-02T09:00:00Z", job(1, "early-id", "test", 60, "")),
            pipeline(3, "p2", "2026-03-02T09:00:00Z", job(2, "other", "test", 60, "")),
            pipeline(4, "p1", "2026-03-02T09:00:30Z", job(4, "next", "test", 60, "")));
    var world = SimFixtures.world(dir, trace, fleet);
    var sim = SimFixtures.run(world, Policies.FAIR, 1);
    assertThat(SimFixtures.startOrder(sim)).containsExactly(1L, 3L, 4L);
    assertThat(sim.ran(SimFixtures.index(world, 2))).isFalse();
    assertThat(sim.startAt[SimFixtures.index(world, 3)]).isEqualTo(60_000);
    assertThat(sim.startAt[SimFixtures.index(world, 4)]).isEqualTo(120_000);
  }

  @Test
  void runneriqStartsTheProductionDeployBeforeOlderLintJobs() {
    var fleet = SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: shared, concurrency: 1}\n");
    var lint =
        pipeline(
            1, "p1", T0, job(1, "lint", "test", 60, "") + "," + job(2, "lint-2", "test", 60, ""));
    var deploy =
        "{\"id\": 2, \"project\": \"p2\", \"ref\": \"main\", \"ref_kind\": \"branch\","
            + " \"protected\": true, \"default_branch\": true, \"source\": \"push\","
            + " \"created_at\": \"2026-03-02T09:00:10Z\", \"stages\": [\"deploy\"], \"jobs\": ["
            + job(3, "deploy-prod", "deploy", 60, ", \"environment\": {\"name\": \"production\"}")
            + "]}";
    var world = SimFixtures.world(dir, List.of(lint, deploy), fleet);
    assertThat(SimFixtures.startOrder(SimFixtures.run(world, Policies.FIFO, 1)))
        .containsExactly(1L, 2L, 3L);
    var sim = SimFixtures.run(world, Policies.RUNNERIQ, 1);
    assertThat(SimFixtures.startOrder(sim)).containsExactly(1L, 3L, 2L);
    assertThat(sim.decisions.get("rules")).isEqualTo(3);
  }
}
