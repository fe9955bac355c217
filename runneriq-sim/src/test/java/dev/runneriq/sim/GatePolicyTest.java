package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gate mode in the simulator does what GitLab's levers allow and no more: RunnerIQ orders the
 * plays, GitLab's dispatch places the played jobs, a play acts after its latency, and the floor
 * starts what RunnerIQ does not.
 */
class GatePolicyTest {
  static final Engine ENGINE = Engine.standard(EngineConfig.DEFAULT);

  @TempDir Path dir;

  /** One instance runner with one slot. */
  static final String ONE_SLOT = "runners:\n  - {id: 1, name: shared, concurrency: 1}\n";

  /** A pipeline of {@code source} on an unprotected branch. */
  static String from(String source, long id, String project, String created, String jobs) {
    return pipeline(id, project, created, jobs).replace("\"push\"", "\"" + source + "\"");
  }

  /** A production deploy on the protected default branch: CRITICAL. */
  static String deploy(long pipeline, long job, String created) {
    return "{\"id\": "
        + pipeline
        + ", \"project\": \"shop\", \"ref\": \"main\", \"ref_kind\": \"branch\","
        + " \"protected\": true, \"default_branch\": true, \"source\": \"push\","
        + " \"created_at\": \""
        + created
        + "\", \"stages\": [\"deploy\"], \"jobs\": ["
        + job(job, "deploy-prod", "deploy", 60, ", \"environment\": {\"name\": \"production\"}")
        + "]}";
  }

  /**
   * A runner kept busy 300 s by an API pipeline's job (not held), then a lint job and a production
   * deploy, both held; the lint job is older.
   */
  List<String> busyRunnerThenLintAndDeploy() {
    return List.of(
        from("api", 1, "tools", T0, job(1, "long", "test", 300, "")),
        pipeline(2, "web", "2026-03-02T09:00:10Z", job(2, "lint", "test", 60, "")),
        deploy(3, 3, "2026-03-02T09:00:10Z"));
  }

  static Simulation run(World world, GateModel model, LongPredicate acting) {
    var sim =
        new Simulation(
            world, s -> new GatePolicy(s, ENGINE, model, acting), 1, Simulation.Progress.NONE);
    sim.run();
    return sim;
  }

  static GatePolicy gate(Simulation sim) {
    return (GatePolicy) sim.policy;
  }

  static long start(Simulation sim, long id) {
    return sim.startAt[SimFixtures.index(sim.world(), id)];
  }

  @Test
  void playedJobsArePlacedByGitLabsDispatchInGitLabsOrderNotRunnerIqs() {
    var world =
        SimFixtures.world(dir, busyRunnerThenLintAndDeploy(), SimFixtures.fleet(dir, ONE_SLOT));
    assertThat(world.tierOf(SimFixtures.index(world, 3))).isEqualTo(Tier.CRITICAL);
    assertThat(world.tierOf(SimFixtures.index(world, 2))).isNotEqualTo(Tier.CRITICAL);

    // RunnerIQ places directly: the deploy first
    var direct = SimFixtures.run(world, Policies.RUNNERIQ, 1);
    assertThat(SimFixtures.startOrder(direct)).containsExactly(1L, 3L, 2L);

    // k = 2: both played at once, deploy first; once pending, GitLab takes the older job first
    var ahead = run(world, GateModel.DEFAULT.withBeyondFree(2), t -> true);
    var g = gate(ahead);
    int lint = SimFixtures.index(world, 2);
    int deploy = SimFixtures.index(world, 3);
    assertThat(g.playedAt(deploy)).isEqualTo(10_000);
    assertThat(g.playedAt(lint)).isEqualTo(10_000);
    assertThat(g.queuedAt(lint)).isEqualTo(15_000);
    assertThat(SimFixtures.startOrder(ahead)).containsExactly(1L, 2L, 3L);
    assertThat(start(ahead, 2)).as("GitLab places it the moment the slot frees").isEqualTo(300_000);

    // k = 0: RunnerIQ plays only into a free slot, highest priority first; the play takes 5 s
    var inTime = run(world, GateModel.DEFAULT.withBeyondFree(0), t -> true);
    assertThat(SimFixtures.startOrder(inTime)).containsExactly(1L, 3L, 2L);
    assertThat(gate(inTime).playedAt(deploy)).isEqualTo(300_000);
    assertThat(start(inTime, 3)).isEqualTo(305_000);
    assertThat(gate(inTime).playedAt(lint)).isEqualTo(365_000);
    assertThat(start(inTime, 2)).isEqualTo(370_000);
  }

  @Test
  void theFloorStartsEveryJobRunnerIqDoesNotPlayAtItsStartIn() {
    var fleet = SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: big, concurrency: 20}\n");
    String twoStages = "[\"build\", \"test\"]";
    var trace =
        List.of(
            pipeline(
                1,
                "web",
                T0,
                twoStages,
                job(1, "compile", "build", 100, "") + "," + job(2, "unit", "test", 50, ""),
                ""),
            from("schedule", 2, "web", T0, job(3, "nightly", "test", 10, "")),
            from("merge_request_event", 3, "web", T0, job(4, "mr", "test", 10, "")),
            from("web", 4, "web", T0, job(5, "manual-run", "test", 10, "")),
            from("api", 5, "web", T0, job(6, "api", "test", 10, "")),
            pipeline(
                6,
                "web",
                T0,
                job(7, "own-delay", "test", 10, ", \"when\": \"delayed\", \"start_in_s\": 300")));
    var world = SimFixtures.world(dir, trace, fleet);
    // RunnerIQ is down the whole run
    var sim = run(world, GateModel.DEFAULT, t -> false);
    long ten = 600_000;
    assertThat(start(sim, 1)).isEqualTo(ten);
    assertThat(start(sim, 2))
        .as("its floor counts from when it is ready")
        .isEqualTo(ten + 100_000 + ten);
    assertThat(start(sim, 3)).as("scheduled pipelines: 30 minutes").isEqualTo(1_800_000);
    assertThat(start(sim, 4)).isEqualTo(ten);
    assertThat(start(sim, 5)).isEqualTo(ten);
    assertThat(start(sim, 6)).as("an API pipeline is not held").isZero();
    assertThat(start(sim, 7))
        .as("a job delayed by its own rule keeps its own delay")
        .isEqualTo(300_000);
    var g = gate(sim);
    for (long id = 1; id <= 5; id++) {
      int j = SimFixtures.index(world, id);
      assertThat(g.byFloor(j)).as("job %d", id).isTrue();
      assertThat(g.queuedAt(j)).isEqualTo(sim.startAt[j]);
    }
    assertThat(sim.decisions.get(GatePolicy.FLOOR)).isEqualTo(5);
    assertThat(sim.decisions.get(GatePolicy.PLAYED)).isZero();

    // RunnerIQ up: it plays them all at once, and the floor starts none
    var up = run(world, GateModel.DEFAULT, t -> true);
    assertThat(start(up, 1)).isEqualTo(5_000);
    assertThat(start(up, 2)).isEqualTo(105_000 + 5_000);
    assertThat(up.decisions.get(GatePolicy.FLOOR)).isZero();
    assertThat(up.decisions.get(GatePolicy.PLAYED)).isEqualTo(5);
  }

  @Test
  void aPlayThatHasNotActedWhenTheFloorEndsLeavesTheJobToTheFloor() {
    var fleet = SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: big, concurrency: 20}\n");
    var world =
        SimFixtures.world(
            dir, List.of(pipeline(1, "web", T0, job(1, "unit", "test", 60, ""))), fleet);
    // a write takes longer than the floor: GitLab's timer starts the job first, and only once
    var model = GateModel.DEFAULT.withWriteLatency(Duration.ofMinutes(15));
    var sim = run(world, model, t -> true);
    assertThat(gate(sim).playedAt(0)).isZero();
    assertThat(sim.startAt[0]).isEqualTo(600_000);
    assertThat(sim.endAt[0]).isEqualTo(660_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void atMostKPlayedJobsWaitInGitLabBeyondThePoolsFreeSlots(int k) {
    var lines = new java.util.ArrayList<String>();
    lines.add(from("api", 1, "tools", T0, job(1, "long", "test", 600, "")));
    for (int i = 2; i <= 6; i++) {
      lines.add(pipeline(i, "web", "2026-03-02T09:00:10Z", job(i, "unit-" + i, "test", 100, "")));
    }
    var world = SimFixtures.world(dir, lines, SimFixtures.fleet(dir, ONE_SLOT));
    var sim =
        new Simulation(
            world,
            GatePolicy.factory(ENGINE, GateModel.DEFAULT.withBeyondFree(k)),
            1,
            Simulation.Progress.NONE);
    var g = gate(sim);
    int most = 0;
    for (long t = 0; t <= 1_200_000; t += 1_000) {
      sim.advanceTo(t);
      int waiting = 0;
      for (int j = 0; j < world.jobCount(); j++) {
        if (g.playedAt(j) >= 0 && sim.startAt[j] < 0) {
          waiting++;
        }
      }
      int free = sim.freeRunners().get(0) ? 1 : 0;
      assertThat(waiting).as("played, not started, at %d ms", t).isLessThanOrEqualTo(free + k);
      most = Math.max(most, waiting - free);
    }
    assertThat(most).isEqualTo(k);
    sim.run();
    for (int j = 0; j < world.jobCount(); j++) {
      assertThat(sim.ran(j)).isTrue();
    }
  }
}
