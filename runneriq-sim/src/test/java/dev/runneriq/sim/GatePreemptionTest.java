package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Preemption in gate mode waits T for a CRITICAL job, sends at most N cancellations an hour, takes
 * only preemptible jobs, and counts the runner time it throws away.
 */
class GatePreemptionTest {
  @TempDir Path dir;

  private static final String HOUR_LONG = "3600";

  /** Runner slots kept busy an hour by API pipelines' jobs (not held), one per slot. */
  private static List<String> busy(int slots, String extra) {
    var lines = new ArrayList<String>();
    for (int i = 1; i <= slots; i++) {
      lines.add(
          GatePolicyTest.from(
              "api",
              i,
              "tools",
              T0,
              job(i, "soak-" + i, "test", Double.parseDouble(HOUR_LONG), extra)));
    }
    return lines;
  }

  private World world(int slots, List<String> trace) {
    return SimFixtures.world(
        dir,
        trace,
        SimFixtures.fleet(
            dir, "runners:\n  - {id: 1, name: shared, concurrency: " + slots + "}\n"));
  }

  private static GateModel preempting(Duration after, int perHour) {
    return GateModel.DEFAULT.withPreemption(new dev.runneriq.core.gate.PreemptRule(after, perHour));
  }

  private static Simulation run(World w, GateModel model) {
    return GatePolicyTest.run(w, model, t -> true);
  }

  @ParameterizedTest(name = "after {0} s")
  @CsvSource({"180, 245000", "600, 665000"})
  void aCriticalJobThatHasWaitedTGetsTheSlotOfACancelledJobWhoseRunIsCountedAsWasted(
      long afterS, long deployStart) {
    var trace = new ArrayList<>(busy(1, ""));
    trace.add(GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z"));
    var w = world(1, trace);
    int soak = SimFixtures.index(w, 1);
    assertThat(w.tierOf(soak)).isIn(Tier.LOW, Tier.MEDIUM);

    var sim = run(w, preempting(Duration.ofSeconds(afterS), 6));
    // waited T from 60 s; the cancellation acts 5 s after it is sent
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(deployStart);
    assertThat(sim.decisions.get("preempted")).isEqualTo(1);
    assertThat(sim.wastedMs).as("the cancelled run").isEqualTo(deployStart);
    // retried 5 s after the cancellation acted (a new pending job), it runs anew after the deploy
    assertThat(sim.startAt[soak]).isEqualTo(deployStart + 60_000);
    assertThat(sim.endAt[soak]).isEqualTo(deployStart + 60_000 + 3_600_000);
    var result = Metrics.measure("g", sim);
    assertThat(result.wastedRunnerS()).isEqualTo(deployStart / 1000.0);

    var plain = run(w, GateModel.DEFAULT);
    assertThat(GatePolicyTest.start(plain, 10)).as("without preemption").isEqualTo(3_600_000);
    assertThat(plain.decisions.get("preempted")).isZero();
    assertThat(plain.wastedMs).isZero();
  }

  @Test
  void aCriticalJobTheTemplateDoesNotHoldIsPreemptedForAsWell() {
    // a production deploy of an API pipeline: pending in GitLab at once, never held or played
    var trace = new ArrayList<>(busy(1, ""));
    trace.add(GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z").replace("\"push\"", "\"api\""));
    var w = world(1, trace);
    assertThat(w.tierOf(SimFixtures.index(w, 10))).isEqualTo(Tier.CRITICAL);

    var sim = run(w, preempting(Duration.ofMinutes(3), 6));
    assertThat(GatePolicyTest.gate(sim).playedAt(SimFixtures.index(w, 10))).isEqualTo(-1);
    assertThat(sim.decisions.get("preempted")).isEqualTo(1);
    // waited 3 minutes from 60 s; the cancellation acts 5 s after it is sent
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(245_000);
  }

  @ParameterizedTest(name = "{0} per hour")
  @CsvSource({"1, 1, 305000", "2, 2, 245000"})
  void atMostNCancellationsAreSentInAnHour(int perHour, long preempted, long secondStart) {
    var trace = new ArrayList<>(busy(2, ""));
    trace.add(GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z"));
    trace.add(
        GatePolicyTest.deploy(11, 11, "2026-03-02T09:01:00Z").replace("\"shop\"", "\"shop-2\""));
    var w = world(2, trace);
    var sim = run(w, preempting(Duration.ofMinutes(3), perHour));
    // with one a hour, the second deploy waits for the first to end (its retried victim is
    // GitLab's newest job, so the second deploy goes first)
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(245_000);
    assertThat(GatePolicyTest.start(sim, 11)).isEqualTo(secondStart);
    assertThat(sim.decisions.get("preempted")).isEqualTo(preempted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a feature branch's test job | , \"variables\": {} | 1",
        "one marked not preemptible | , \"variables\": {\"RUNNERIQ_PREEMPTIBLE\": \"false\"} | 0",
        "a staging deploy | , \"environment\": {\"name\": \"staging\"} | 0",
      })
  void onlyPreemptibleJobsAreCancelled(String what, String extra, long preempted) {
    var trace = new ArrayList<>(busy(1, extra));
    trace.add(GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z"));
    var sim = run(world(1, trace), preempting(Duration.ofMinutes(3), 6));
    assertThat(sim.decisions.get("preempted")).as(what).isEqualTo(preempted);
    assertThat(GatePolicyTest.start(sim, 10))
        .as(what)
        .isEqualTo(preempted == 1 ? 245_000 : 3_600_000);
  }

  @Test
  void theMarkMakesAnyJobPreemptibleAndTheLowestPriorityJobIsTakenFirst() {
    var w =
        world(
            2,
            List.of(
                // a HIGH build on the protected default branch, marked preemptible
                GatePolicyTest.deploy(1, 1, T0)
                    .replace(
                        "\"environment\": {\"name\": \"production\"}",
                        "\"variables\": {\"RUNNERIQ_PREEMPTIBLE\": \"true\"}")
                    .replace("deploy-prod", "build")
                    .replace("\"duration_s\": 60.0", "\"duration_s\": 3600")
                    .replace("\"push\"", "\"api\""),
                GatePolicyTest.from("api", 2, "tools", T0, job(2, "lint", "test", 3600, "")),
                GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z")));
    int build = SimFixtures.index(w, 1);
    int lint = SimFixtures.index(w, 2);
    assertThat(w.baseScore[build]).isGreaterThan(w.baseScore[lint]);
    var sim = run(w, preempting(Duration.ofMinutes(3), 6));
    assertThat(sim.decisions.get("preempted")).isEqualTo(1);
    assertThat(sim.startAt[build]).as("kept running").isZero();
    assertThat(sim.startAt[lint]).as("cancelled and retried").isPositive();
    assertThat(GatePreemption.preemptible(w.jobs[build].spec(), Tier.HIGH)).isTrue();
  }

  @Test
  void onTheHeavyDayEveryJobRunsWithinTheCapAndEveryCancelledRunIsCountedAsWasted() {
    var engine = GatePolicyTest.ENGINE;
    var simulator = new Simulator(engine);
    var world =
        simulator.world(
            dev.runneriq.sim.workload.WorkloadPresets.generate("heavy-day", 42),
            dev.runneriq.sim.workload.Bundled.fleet(),
            dev.runneriq.sim.workload.Bundled.carbon());
    var sim =
        new Simulation(
            world,
            simulator.policies().get(Policies.RUNNERIQ_GATE_PREEMPT),
            42,
            Simulation.Progress.NONE);
    sim.run();
    long run = 0;
    long busyMs = 0;
    for (int j = 0; j < world.jobCount(); j++) {
      if (sim.ran(j)) {
        run++;
        busyMs += sim.endAt[j] - sim.startAt[j];
      }
    }
    var plain = SimFixtures.run(world, Policies.FAIR, 42);
    long runPlain = 0;
    for (int j = 0; j < world.jobCount(); j++) {
      runPlain += plain.ran(j) ? 1 : 0;
    }
    assertThat(run).as("the same jobs run as under GitLab's order").isEqualTo(runPlain);
    long preempted = sim.decisions.get("preempted");
    // the cap holds in any hour, so over the whole run too
    long hours = (long) Math.ceil(sim.now() / 3.6e6);
    assertThat(preempted).isPositive().isLessThanOrEqualTo(6 * hours);
    assertThat(sim.wastedMs).isPositive().isLessThan(busyMs);
  }

  @Test
  void variantsAreNamedByTheirOptionsAndABadOptionIsNamed() {
    var policies = new Simulator(dev.runneriq.core.engine.EngineConfig.DEFAULT).policies();
    assertThat(policies.get("runneriq-gate-preempt:k=0:per-hour=12")).isNotNull();
    assertThat(GateModel.PREEMPTING)
        .as("runneriq-gate-preempt plays nothing ahead of a free slot")
        .isEqualTo(
            GateModel.DEFAULT
                .withBeyondFree(0)
                .withPreemption(dev.runneriq.core.gate.PreemptRule.DEFAULT));
    assertThat(GateModel.DEFAULT.with("k=0").with("latency=15"))
        .isEqualTo(GateModel.DEFAULT.withBeyondFree(0).withWriteLatency(Duration.ofSeconds(15)));
    assertThat(preempting(Duration.ofMinutes(3), 6).with("after=60").with("per-hour=2"))
        .isEqualTo(preempting(Duration.ofMinutes(1), 2));
    assertThatThrownBy(() -> policies.get("runneriq-gate:per-hour=3"))
        .hasMessage("gate option per-hour is for a policy that preempts, but was 'per-hour=3'");
    assertThatThrownBy(() -> policies.get("runneriq-gate:k=x"))
        .hasMessage("gate option k must be a whole number, but was 'k=x'");
    assertThatThrownBy(() -> policies.get("runneriq-gate:k=-1"))
        .hasMessageContaining("must be at least 0, but was -1");
    assertThatThrownBy(() -> policies.get("runneriq-gate:speed=2"))
        .hasMessage(
            "unknown gate option 'speed=2'; options: k, latency, after, per-hour, unschedule, ceiling,"
                + " evict");
    assertThatThrownBy(() -> policies.get("runneriq:k=0")).hasMessageStartingWith("unknown policy");
  }

  @Test
  void nothingIsCancelledWhileARunnerThatMayTakeTheCriticalJobHasAFreeSlot() {
    // one of the runner's three slots is free: the deploy is played into it and waits for no one
    var trace = new ArrayList<>(busy(2, ""));
    trace.add(GatePolicyTest.deploy(10, 10, "2026-03-02T09:01:00Z"));
    var w = world(3, trace);
    var sim = run(w, preempting(Duration.ZERO, 6));
    assertThat(GatePolicyTest.start(sim, 10)).isEqualTo(65_000);
    assertThat(sim.decisions.get("preempted")).isZero();
  }
}
