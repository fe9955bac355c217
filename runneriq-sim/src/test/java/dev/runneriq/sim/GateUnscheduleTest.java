package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.gate.UnscheduleRule;
import dev.runneriq.core.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unscheduled jobs ({@code runneriq-gate:unschedule=1}) do not start at their floor; RunnerIQ plays
 * them when a slot frees, by the ceiling at the latest, and, if it is down then, when it is back.
 */
class GateUnscheduleTest {
  @TempDir Path dir;

  /** Two slots kept busy by API pipelines' jobs (not held), to 3600 s and 5200 s. */
  private World busyThenLint(String lintCreated) {
    return SimFixtures.world(
        dir,
        List.of(
            GatePolicyTest.from("api", 1, "tools", T0, job(1, "soak-1", "test", 3600, "")),
            GatePolicyTest.from("api", 2, "tools", T0, job(2, "soak-2", "test", 5200, "")),
            pipeline(3, "web", lintCreated, job(3, "lint", "test", 60, ""))),
        SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: shared, concurrency: 2}\n"));
  }

  /** k = 0: RunnerIQ plays nothing ahead of a free slot, so the lint job waits held. */
  private static GateModel unscheduling(long ceilingS) {
    return GateModel.DEFAULT
        .withBeyondFree(0)
        .withUnschedule(new UnscheduleRule(1, Duration.ofSeconds(ceilingS)));
  }

  private static Simulation run(World w, GateModel model, LongPredicate acting) {
    return GatePolicyTest.run(w, model, acting);
  }

  @Test
  void aLowJobWhosePoolIsFullIsUnscheduledAndPlayedWhenItsCeilingEnds() {
    var w = busyThenLint("2026-03-02T09:00:10Z");
    int lint = SimFixtures.index(w, 3);
    assertThat(w.tierOf(lint)).isEqualTo(Tier.LOW);

    var sim = run(w, unscheduling(1800), t -> true);
    var g = GatePolicyTest.gate(sim);
    // the unschedule is sent 10 s before the floor (610 s) and acts 5 s later; the ceiling ends
    // 1800 s after that: RunnerIQ plays it, whatever its pool's room, and GitLab queues it 5 s on
    assertThat(g.unscheduled(lint)).isTrue();
    assertThat(g.byFloor(lint)).isFalse();
    assertThat(g.playedAt(lint)).isEqualTo(2_405_000);
    assertThat(g.queuedAt(lint)).isEqualTo(2_410_000);
    assertThat(sim.startAt[lint]).isEqualTo(3_600_000);
    assertThat(sim.decisions)
        .containsEntry(GateUnschedule.UNSCHEDULED, 1L)
        .containsEntry(GateUnschedule.AT_CEILING, 1L)
        .containsEntry(GateUnschedule.WORST_EXTRA, 3_600L - 610);

    var plain = run(w, GateModel.DEFAULT.withBeyondFree(0), t -> true);
    assertThat(GatePolicyTest.gate(plain).byFloor(lint)).as("without unschedule").isTrue();
    assertThat(GatePolicyTest.gate(plain).queuedAt(lint)).isEqualTo(610_000);
  }

  @Test
  void anUnscheduledJobIsPlayedInRunnerIqsOrderWhenASlotFreesBeforeItsCeiling() {
    var w = busyThenLint("2026-03-02T09:00:10Z");
    int lint = SimFixtures.index(w, 3);
    var sim = run(w, unscheduling(7200), t -> true);
    var g = GatePolicyTest.gate(sim);
    assertThat(g.playedAt(lint)).isEqualTo(3_600_000);
    assertThat(sim.startAt[lint]).isEqualTo(3_605_000);
    assertThat(sim.decisions).containsEntry(GateUnschedule.AT_CEILING, 0L);
  }

  @Test
  void anUnscheduledJobStaysManualWhileRunnerIqIsDownAndIsPlayedWhenItIsBack() {
    var w = busyThenLint("2026-03-02T09:00:10Z");
    int lint = SimFixtures.index(w, 3);
    // down from 1000 s to 5000 s: the ceiling (2405 s) and the free slot (3600 s) pass unused;
    // RunnerIQ is looked for every minute from the ceiling's end, and is back at 5045 s
    var sim = run(w, unscheduling(1800), t -> t < 1_000_000 || t >= 5_000_000);
    var g = GatePolicyTest.gate(sim);
    assertThat(g.unscheduled(lint)).isTrue();
    assertThat(g.playedAt(lint)).isEqualTo(5_045_000);
    assertThat(sim.startAt[lint]).isEqualTo(5_050_000);
    assertThat(sim.decisions).containsEntry(GateUnschedule.WORST_EXTRA, 5_050L - 610);
  }

  @Test
  void withRunnerIqDownNothingIsUnscheduledAndTheFloorStartsTheJob() {
    var w = busyThenLint("2026-03-02T09:00:10Z");
    int lint = SimFixtures.index(w, 3);
    var sim = run(w, unscheduling(1800), t -> false);
    var g = GatePolicyTest.gate(sim);
    assertThat(g.unscheduled(lint)).isFalse();
    assertThat(g.byFloor(lint)).isTrue();
    assertThat(sim.startAt[lint]).isEqualTo(3_600_000);
    assertThat(sim.decisions).containsEntry(GateUnschedule.UNSCHEDULED, 0L);
  }

  @Test
  void aJobWhosePoolHasAFreeSlotIsLeftToItsFloorAndHigherTiersAreNeverUnscheduled() {
    // one busy slot of two: the lint job's pool has a free one, so RunnerIQ plays it at once
    var w =
        SimFixtures.world(
            dir,
            List.of(
                GatePolicyTest.from("api", 1, "tools", T0, job(1, "soak-1", "test", 3600, "")),
                GatePolicyTest.deploy(3, 3, "2026-03-02T09:00:10Z")),
            SimFixtures.fleet(dir, GatePolicyTest.ONE_SLOT));
    var sim =
        run(
            w,
            unscheduling(1800).withUnschedule(new UnscheduleRule(3, Duration.ofHours(1))),
            t -> true);
    // the CRITICAL deploy waits for the one slot: it is never unscheduled
    assertThat(GatePolicyTest.gate(sim).unscheduled(SimFixtures.index(w, 3))).isFalse();
    assertThat(sim.decisions).containsEntry(GateUnschedule.UNSCHEDULED, 0L);
  }

  @Test
  void variantNamesSetTheTiersAndTheCeiling() {
    var m = GateModel.DEFAULT.with("unschedule=2").with("ceiling=3600");
    assertThat(m.unschedule()).isEqualTo(new UnscheduleRule(2, Duration.ofHours(1)));
    assertThat(GateModel.DEFAULT.with("unschedule=1").unschedule())
        .isEqualTo(UnscheduleRule.DEFAULT);
    assertThat(m.with("unschedule=0").unschedule()).isNull();
    assertThatThrownBy(() -> GateModel.DEFAULT.with("ceiling=60"))
        .hasMessageContaining("put unschedule=1 before it");
    assertThatThrownBy(() -> GateModel.DEFAULT.with("unschedule=4"))
        .hasMessageContaining("but was 4");
  }
}
