package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Tier;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What RunnerIQ promises against the order users have today, GitLab's fair order and plain FIFO, on
 * the busy day and on a day with 30% more work (docs/SIMULATOR.md): production deploys and hotfixes
 * wait far less, and nothing else is hurt for it.
 */
class PolicyTargetsTest {
  private static final Simulator SIMULATOR = new Simulator(EngineConfig.DEFAULT);

  private static SimResult run(String preset, List<String> policies) {
    var world =
        SIMULATOR.world(WorkloadPresets.generate(preset, 42), Bundled.fleet(), Bundled.carbon());
    return SIMULATOR.compare(world, policies, 42, Simulator.ProgressFactory.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy-day", "heavy-day"})
  void criticalWaitsFarLessAndNoOtherTierWaitsLongerThanUnderGitLabsOrderOrFifo(String preset) {
    var r = run(preset, List.of(Policies.FIFO, Policies.FAIR, Policies.RUNNERIQ));
    var riq = r.policies().get(Policies.RUNNERIQ);
    for (String baseline : List.of(Policies.FAIR, Policies.FIFO)) {
      var base = r.policies().get(baseline);
      assertThat(riq.tier(Tier.CRITICAL).p95())
          .as("%s CRITICAL p95 against %s", preset, baseline)
          .isLessThanOrEqualTo(0.2 * base.tier(Tier.CRITICAL).p95());
      for (var tier : List.of(Tier.HIGH, Tier.MEDIUM)) {
        assertThat(riq.tier(tier).p95())
            .as("%s %s p95 against %s", preset, tier, baseline)
            .isLessThanOrEqualTo(base.tier(tier).p95());
      }
      assertThat(riq.tier(Tier.LOW).p99())
          .as("%s LOW p99 against %s", preset, baseline)
          .isLessThanOrEqualTo(1.5 * base.tier(Tier.LOW).p99());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy-day", "heavy-day", "release-crunch", "nightly", "monorepo"})
  void onlyGenuineTossUpsGoToTheTieBreaker(String preset) {
    var r =
        run(
            preset,
            List.of(Policies.RUNNERIQ, Policies.RUNNERIQ_CARBON, Policies.CARBON_PLACEMENT));
    for (var e : r.policies().entrySet()) {
      var d = e.getValue().decisions();
      long placements = d.get("placements");
      long tossUps = d.get("toss_ups");
      assertThat(placements).as(preset + " " + e.getKey()).isPositive();
      assertThat(tossUps)
          .as("%s %s: toss-ups of %d placements", preset, e.getKey(), placements)
          .isLessThanOrEqualTo(placements * 15 / 100);
      assertThat(d.get("tie-break") + d.get("llm")).isEqualTo(tossUps);
    }
  }

  @Test
  void deferringOnlyWhatCanWaitSavesAQuarterOfTheCo2AndKeepsFeedbackFast() {
    var r = run("busy-day", List.of(Policies.RUNNERIQ, Policies.RUNNERIQ_CARBON));
    var plain = r.policies().get(Policies.RUNNERIQ);
    var carbon = r.policies().get(Policies.RUNNERIQ_CARBON);
    assertThat(carbon.co2Kg()).isLessThanOrEqualTo(0.75 * plain.co2Kg());
    assertThat(carbon.leadInteractive().p50())
        .isLessThanOrEqualTo(1.1 * plain.leadInteractive().p50());
    assertThat(carbon.decisions().get("deferred")).isPositive();
  }

  /** What a pipeline is, whatever its id: when, where, and its jobs' names and run times. */
  private static List<String> content(dev.runneriq.formats.Trace t) {
    return t.pipelines().stream()
        .map(
            p ->
                p.createdAt()
                    + " "
                    + p.pipeline().project()
                    + " "
                    + p.jobs().stream().map(j -> j.spec().name() + "=" + j.durationS()).toList())
        .toList();
  }

  @Test
  void theHeavyDayIsTheBusyDayWithThirtyPercentMorePipelinesInIt() {
    var busy = WorkloadPresets.generate("busy-day", 42);
    var heavy = WorkloadPresets.generate("heavy-day", 42);
    var loaded = WorkloadPresets.generate("busy-day", 42, 1, 1, 1.3);
    assertThat((double) heavy.pipelines().size() / busy.pipelines().size()).isBetween(1.2, 1.45);
    assertThat(content(heavy)).containsAll(content(busy));
    assertThat(content(loaded)).isEqualTo(content(heavy));
    assertThat(loaded.source()).isEqualTo("preset:busy-day load 1.3");
    assertThatThrownBy(() -> WorkloadPresets.generate("busy-day", 42, 1, 1, 0))
        .hasMessageContaining("load must be above 0");
  }
}
