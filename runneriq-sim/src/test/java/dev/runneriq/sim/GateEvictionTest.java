package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.Tier;
import dev.runneriq.sim.Simulation.Progress;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eviction: a build GitLab starts on a deploy runner's kept slot is cancelled and retried, so that
 * the production deploy gets the slot the engine's reservation would have kept for it.
 */
class GateEvictionTest {
  @TempDir Path dir;

  /**
   * A deploy runner with two slots (its tag {@code deploy} is rare: 2 of 23 slots, so the engine
   * keeps its last slot for deploys), one {@code docker} runner, and a big runner no {@code docker}
   * job may take.
   */
  private static final String FLEET =
      """
      runners:
        - {id: 1, name: deploy, tag_list: [docker, deploy], run_untagged: false,\
       access_level: ref_protected, concurrency: 2}
        - {id: 2, name: docker, tag_list: [docker], concurrency: 1}
        - {id: 3, name: other, tag_list: [linux], concurrency: 20}
      """;

  /**
   * The {@code docker} runner kept busy an hour by a feature branch's job of an API pipeline (the
   * deploy runner takes protected refs only); then two hour-long builds of API pipelines on the
   * protected default branch (not held), 1 and 2 s later, which only the deploy runner can take;
   * then a production deploy at 5 s.
   */
  private static List<String> buildsThenDeploy(String buildExtra) {
    var lines = new ArrayList<String>();
    lines.add(
        GatePolicyTest.from(
            "api", 1, "tools", T0, job(1, "soak", "test", 3600, ", " + tags("docker"))));
    for (int i = 2; i <= 3; i++) {
      lines.add(
          GatePolicyTest.deploy(i, i, "2026-03-02T09:00:0" + (i - 1) + "Z")
              .replace("\"push\"", "\"api\"")
              .replace("deploy-prod", "build-" + i)
              .replace("\"duration_s\": 60.0", "\"duration_s\": 3600")
              .replace("\"environment\": {\"name\": \"production\"}", tags("docker") + buildExtra));
    }
    lines.add(
        GatePolicyTest.deploy(10, 10, "2026-03-02T09:00:05Z")
            .replace("\"environment\"", tags("docker", "deploy") + ", \"environment\""));
    return lines;
  }

  private static String tags(String... tags) {
    return "\"tag_list\": [\"" + String.join("\", \"", tags) + "\"]";
  }

  private World world(List<String> trace) {
    return SimFixtures.world(dir, trace, SimFixtures.fleet(dir, FLEET));
  }

  @Test
  void aBuildOnADeployRunnersKeptSlotIsCancelledAndRetriedSoTheDeployTakesIt() {
    var w = world(buildsThenDeploy(""));
    int second = SimFixtures.index(w, 3);
    assertThat(w.tierOf(second)).isNotEqualTo(Tier.CRITICAL);
    assertThat(w.tierOf(SimFixtures.index(w, 10))).isEqualTo(Tier.CRITICAL);

    var plain = GatePolicyTest.run(w, GateModel.DEFAULT, t -> true);
    // both builds on the deploy runner: the deploy waits for the first to end
    assertThat(GatePolicyTest.start(plain, 2)).isEqualTo(1_000);
    assertThat(GatePolicyTest.start(plain, 3)).isEqualTo(2_000);
    assertThat(GatePolicyTest.start(plain, 10)).isEqualTo(3_601_000);
    assertThat(plain.decisions).doesNotContainKey(GateEviction.EVICTED);

    var sim = GatePolicyTest.run(w, GateModel.DEFAULT.withEvict(10), t -> true);
    // the first build leaves the kept slot free and stays; the second, cancelled at 7 s (its
    // cancel acts 5 s after it is sent) and retried at 12 s, finds the deploy, played at 5 s and
    // pending at 10 s, on the freed slot
    assertThat(GatePolicyTest.start(sim, 2)).isEqualTo(1_000);
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(10_000);
    // the retry takes the slot the deploy frees at 70 s, and is evicted again, 10 times in all
    assertThat(sim.decisions.get(GateEviction.EVICTED)).isEqualTo(10);
    assertThat(sim.decisions.get("preempted")).isEqualTo(10);
    assertThat(sim.wastedMs).as("5 s lost per eviction").isEqualTo(50_000);
    assertThat(sim.startAt[second]).isGreaterThan(70_000);
    assertThat(sim.endAt[second] - sim.startAt[second]).isEqualTo(3_600_000);
  }

  @Test
  void aBuildMarkedNotPreemptibleStays() {
    var w = world(buildsThenDeploy(", \"variables\": {\"RUNNERIQ_PREEMPTIBLE\": \"false\"}"));
    var sim = GatePolicyTest.run(w, GateModel.DEFAULT.withEvict(10), t -> true);
    assertThat(sim.decisions.get(GateEviction.EVICTED)).isZero();
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(3_601_000);
  }

  @Test
  void aJobThatHasRunLongerThanAMinuteIsNotThrownAway() {
    // RunnerIQ down for the first 5 minutes: both builds have run too long when it is back
    var w = world(buildsThenDeploy(""));
    var sim = GatePolicyTest.run(w, GateModel.DEFAULT.withEvict(10), t -> t >= 300_000);
    assertThat(sim.decisions.get(GateEviction.EVICTED)).isZero();
    assertThat(sim.wastedMs).isZero();
  }

  @Test
  void onTheBusyDayEvictionsTakeSecondsNeverACriticalJobAndCutTheCriticalWaits() {
    var simulator = new Simulator(GatePolicyTest.ENGINE);
    var world =
        simulator.world(
            WorkloadPresets.generate("busy-day", 42), Bundled.fleet(), Bundled.carbon());
    var policies = simulator.policies();
    var sim = new Simulation(world, policies.get("runneriq-gate:evict=10"), 42, Progress.NONE);
    sim.run();
    var gate = GatePolicyTest.gate(sim);
    long evictions = 0;
    for (int j = 0; j < world.jobCount(); j++) {
      int n = gate.evicted(j);
      assertThat(n).isBetween(0, 10);
      if (world.tierOf(j) == Tier.CRITICAL) {
        assertThat(n).as("CRITICAL job %d", world.jobs[j].id()).isZero();
      }
      if (n > 0) {
        assertThat(sim.endAt[j]).as("evicted, then run to its end").isGreaterThan(sim.startAt[j]);
        assertThat(sim.startAt[j]).isNotNegative();
      }
      evictions += n;
    }
    assertThat(evictions).isPositive().isEqualTo(sim.decisions.get(GateEviction.EVICTED));
    assertThat(sim.decisions.get("preempted")).isEqualTo(evictions);
    // each eviction throws away at most a minute's run and the cancel's latency
    assertThat(sim.wastedMs).isLessThanOrEqualTo(evictions * (GateEviction.MAX_LOST_MS + 5_000));

    var plain = new Simulation(world, policies.get(Policies.RUNNERIQ_GATE), 42, Progress.NONE);
    plain.run();
    assertThat(critical(sim).p95()).isLessThan(critical(plain).p95());
  }

  private static Stats critical(Simulation sim) {
    return Metrics.measure("g", sim).tiers().get(Tier.CRITICAL);
  }

  @Test
  void theVariantSetsEvictionsPerJob() {
    assertThat(GateModel.DEFAULT.evict()).isZero();
    assertThat(GateModel.DEFAULT.with("evict=10").evict()).isEqualTo(10);
    assertThat(GateModel.PREEMPTING.with("evict=3").withBeyondFree(1).evict()).isEqualTo(3);
    var policies = new Simulator(GatePolicyTest.ENGINE).policies();
    assertThat(policies.get("runneriq-gate:evict=10")).isNotNull();
    assertThatThrownBy(() -> policies.get("runneriq-gate:evict=-1"))
        .hasMessageContaining("evictions per job must be at least 0, but was -1");
  }
}
