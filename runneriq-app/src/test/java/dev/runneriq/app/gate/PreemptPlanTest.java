package dev.runneriq.app.gate;

import static dev.runneriq.app.gate.GatePlanTest.ENGINE;
import static dev.runneriq.app.gate.GatePlanTest.deploy;
import static dev.runneriq.app.gate.GatePlanTest.docker;
import static dev.runneriq.core.testing.Fixtures.NOW;
import static dev.runneriq.core.testing.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.GateConfig.Preempt;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.gitlab.monitor.RunningJob;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreemptPlanTest {
  static final Preempt LINTS =
      new Preempt(PreemptRule.DEFAULT, List.of(new Preempt.Match("shop/*", "lint*")));

  static PreemptPlan plan(Preempt preempt) {
    return new PreemptPlan(ENGINE, GatePlanTest.gate(0, "shop/*"), preempt);
  }

  /** A job of {@code name} running on {@code runner} since {@code minutesAgo}. */
  static RunningJob running(long id, String name, long runner, int minutesAgo) {
    var job =
        job(name, "test")
            .id(id)
            .project("shop/web")
            .tags("docker")
            .branch("feature/x", false, false)
            .build();
    return new RunningJob(job, runner, NOW.minus(Duration.ofMinutes(minutesAgo)));
  }

  static PendingJob waiting(long id, int minutes) {
    var d = deploy(id);
    return d.waitingSince(NOW.minus(Duration.ofMinutes(minutes)));
  }

  static Snapshot full(PendingJob... jobs) {
    return new Snapshot(NOW, List.of(docker(1, 1, 1), docker(2, 1, 1)), List.of(jobs));
  }

  static final List<RunningJob> TWO_LINTS =
      List.of(running(20, "lint", 1, 10), running(21, "lint-docs", 2, 2));

  List<PreemptPlan.Preemption> plan(Snapshot s, List<RunningJob> running) {
    return plan(LINTS).plan(s, Set.of(11L), Set.of(), running, Set.of(), Set.of(), 0);
  }

  @Test
  void theFixturesAreWhatTheTestsSayTheyAre() {
    assertThat(ENGINE.analyzer().baseScore(deploy(11)).tier()).isEqualTo(Tier.CRITICAL);
    assertThat(ENGINE.analyzer().baseScore(TWO_LINTS.get(0).job()).tier()).isEqualTo(Tier.LOW);
  }

  @Test
  void aCriticalJobThatWaitedPastTWithItsPoolFullCancelsTheLintThatStartedLast() {
    var due = plan(full(waiting(11, 4)), TWO_LINTS);
    assertThat(due).hasSize(1);
    var p = due.get(0);
    assertThat(p.critical().id()).isEqualTo(11L);
    assertThat(p.play()).as("held: played first").isTrue();
    assertThat(p.victim().job().id()).as("the least run lost").isEqualTo(21L);
    assertThat(p.victimTier()).isEqualTo(Tier.LOW);
    assertThat(p.waited()).isEqualTo(Duration.ofMinutes(4));
  }

  @Test
  void notBeforeT() {
    assertThat(plan(full(waiting(11, 2)), TWO_LINTS)).isEmpty();
  }

  @Test
  void notWhileARunnerThatMayTakeItHasAFreeSlot() {
    var s = new Snapshot(NOW, List.of(docker(1, 1, 1), docker(2, 2, 1)), List.of(waiting(11, 10)));
    assertThat(plan(s, TWO_LINTS)).isEmpty();
  }

  @Test
  void onlyJobsTheRulesNameAndNeverADeployOrAHigherTier() {
    var s = full(waiting(11, 10));
    var other = new Preempt(PreemptRule.DEFAULT, List.of(new Preempt.Match("shop/*", "test*")));
    assertThat(plan(other).plan(s, Set.of(11L), Set.of(), TWO_LINTS, Set.of(), Set.of(), 0))
        .as("no rule names a lint job")
        .isEmpty();
    var staging =
        new RunningJob(
            job("lint-staging", "deploy")
                .id(30)
                .project("shop/web")
                .tags("docker")
                .branch("feature/x", false, false)
                .environment("staging", "staging")
                .build(),
            1,
            NOW);
    var deployVictim = plan(s, List.of(staging));
    assertThat(deployVictim).as("a deploy is never cancelled").isEmpty();
    var mainLint =
        new RunningJob(
            job("lint", "test")
                .id(31)
                .project("shop/web")
                .tags("docker")
                .onProtectedDefaultBranch()
                .build(),
            1,
            NOW.minusSeconds(600));
    var mainTier = ENGINE.analyzer().baseScore(mainLint.job()).tier();
    var lower = plan(s, List.of(mainLint, running(32, "lint", 2, 20)));
    assertThat(lower).hasSize(1);
    assertThat(lower.get(0).victim().job().id())
        .as("the lower tier (%s against LOW) goes first, though it started earlier", mainTier)
        .isEqualTo(mainTier == Tier.LOW ? 31L : 32L);
  }

  @Test
  void onlyOnTheRunnersThatMayTakeTheCriticalJob() {
    var needsDeployTag =
        deploy(11, "docker", "deploy").waitingSince(NOW.minus(Duration.ofMinutes(9)));
    // no runner has the deploy tag: cancelling a lint frees nothing the job could take
    assertThat(plan(full(needsDeployTag), TWO_LINTS)).isEmpty();
  }

  @Test
  void theHourlyCapCountsTheLastHoursCancellations() {
    var s = full(waiting(11, 10), waiting(12, 8));
    var rule = new PreemptRule(Duration.ofMinutes(3), 1);
    var one = new Preempt(rule, LINTS.jobs());
    assertThat(plan(one).plan(s, Set.of(), Set.of(), TWO_LINTS, Set.of(), Set.of(), 0))
        .as("two CRITICAL jobs, one cancellation an hour")
        .extracting(p -> p.critical().id())
        .containsExactly(11L);
    assertThat(plan(one).plan(s, Set.of(), Set.of(), TWO_LINTS, Set.of(), Set.of(), 1)).isEmpty();
    var both = plan(LINTS).plan(s, Set.of(), Set.of(), TWO_LINTS, Set.of(), Set.of(), 0);
    assertThat(both).extracting(p -> p.victim().job().id()).containsExactly(21L, 20L);
    assertThat(both).allSatisfy(p -> assertThat(p.play()).as("pending, not held").isFalse());
  }

  @Test
  void aJobHelpedLatelyOrAVictimCancelledAlreadyIsNotChosenAgain() {
    var s = full(waiting(11, 10));
    assertThat(plan(LINTS).plan(s, Set.of(11L), Set.of(), TWO_LINTS, Set.of(11L), Set.of(), 0))
        .isEmpty();
    var next = plan(LINTS).plan(s, Set.of(11L), Set.of(), TWO_LINTS, Set.of(), Set.of(21L), 0);
    assertThat(next).extracting(p -> p.victim().job().id()).containsExactly(20L);
  }

  @Test
  void aHeldJobGateModeMayNotPlayGetsNoPreemption() {
    // GatePlanTest.gate leaves jobs named verify-* to their own time
    var verify =
        job("verify-prod", "deploy")
            .id(40)
            .project("shop/web")
            .tags("docker")
            .onProtectedDefaultBranch()
            .environment("production", "production")
            .build()
            .waitingSince(NOW.minus(Duration.ofMinutes(10)));
    var s = full(verify);
    assertThat(plan(LINTS).plan(s, Set.of(40L), Set.of(), TWO_LINTS, Set.of(), Set.of(), 0))
        .isEmpty();
    assertThat(plan(LINTS).plan(s, Set.of(), Set.of(), TWO_LINTS, Set.of(), Set.of(), 0))
        .as("pending in GitLab, it is helped all the same")
        .hasSize(1);
  }
}
