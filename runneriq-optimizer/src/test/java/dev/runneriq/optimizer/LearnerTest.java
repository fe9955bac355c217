package dev.runneriq.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LearnerTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private final Learner learner = new Learner(LearnConfig.DEFAULT);

  private static Run run(
      String job, long runner, String status, @Nullable String reason, double s, int minute) {
    return new Run("shop/web", job, runner, status, reason, s, 1.0, T0.plusSeconds(60L * minute));
  }

  @Test
  void runnerSystemFailuresLowerHealthAndScriptFailuresDoNot() {
    for (int i = 0; i < 100; i++) {
      boolean fault = i % 5 == 0;
      learner.observe(
          run(
              "test",
              1,
              fault ? "failed" : "success",
              fault ? "runner_system_failure" : null,
              60,
              i));
      learner.observe(
          run("test", 2, fault ? "failed" : "success", fault ? "script_failure" : null, 60, i));
    }
    var flaky = learner.runner(1, T0.plusSeconds(6000));
    var honest = learner.runner(2, T0.plusSeconds(6000));
    assertThat(flaky).isNotNull();
    assertThat(honest).isNotNull();
    // 80 good runs of 100, and the prior's 5 at the fleet's health: 180 of 200 and 5 at 0.95
    double fleet = (180 + 5 * 0.95) / 205;
    assertThat(flaky.successRate()).isCloseTo((80 + 5 * fleet) / 105, within(0.002));
    assertThat(honest.successRate()).isGreaterThan(0.99);
    assertThat(flaky.jobs()).isBetween(99L, 100L); // the first runs have faded a little
  }

  @Test
  void aRunnerWithFewRunsIsJudgedAsTheFleetIs() {
    for (int i = 0; i < 200; i++) {
      learner.observe(run("test", 1 + i % 4, "success", null, 60, i));
    }
    learner.observe(run("test", 5, "success", null, 60, 201));
    var busy = learner.runner(1, T0.plusSeconds(20_000));
    var seldom = learner.runner(5, T0.plusSeconds(20_000));
    // not dragged toward the default 95% by its prior: a healthy fleet's prior is healthy
    assertThat(seldom.successRate()).isGreaterThan(0.99);
    assertThat(busy.successRate() - seldom.successRate()).isLessThan(0.01);
  }

  @Test
  void theOtherRunnersFaultsCountToo() {
    for (var reason : FailureReasons.RUNNERS_FAULT) {
      var l = new Learner(LearnConfig.DEFAULT);
      for (int i = 0; i < 20; i++) {
        l.observe(run("test", 1, "failed", reason, 60, i));
      }
      assertThat(l.runner(1, T0).successRate()).as(reason).isLessThan(0.25);
    }
  }

  @Test
  void aSlowRunnerIsFoundAgainstEachJobsMedian() {
    for (int i = 0; i < 40; i++) {
      for (long r = 1; r <= 3; r++) {
        learner.observe(run("build", r, "success", null, 300, i));
        learner.observe(run("lint", r, "success", null, 20, i));
      }
      learner.observe(run("build", 4, "success", null, 600, i));
      learner.observe(run("lint", 4, "success", null, 40, i));
    }
    var slow = learner.runner(4, T0.plusSeconds(3600));
    var fine = learner.runner(1, T0.plusSeconds(3600));
    assertThat(slow.durationFactor()).isBetween(1.6, 2.0);
    assertThat(fine.durationFactor()).isCloseTo(1.0, within(0.01));
    assertThat(learner.job("shop/web", "build", T0.plusSeconds(3600)).durationP50S())
        .isEqualTo(300);
  }

  @Test
  void aDeclaredSpeedIsNotLearnedAgain() {
    for (int i = 0; i < 40; i++) {
      learner.observe(run("build", 1, "success", null, 300, i));
      learner.observe(run("build", 2, "success", null, 300, i));
      // declared at half speed, and as slow as declared
      learner.observe(
          new Run("shop/web", "build", 3L, "success", null, 600, 0.5, T0.plusSeconds(60L * i)));
    }
    assertThat(learner.runner(3, T0.plusSeconds(3600)).durationFactor())
        .isCloseTo(1.0, within(0.01));
  }

  @Test
  void oldFaultsFadeWithTheHalfLife() {
    for (int i = 0; i < 20; i++) {
      learner.observe(run("test", 1, "failed", "runner_system_failure", 60, i));
    }
    var sick = learner.runner(1, T0.plusSeconds(1200));
    // repaired: three half-lives later, 20 good runs
    var later = T0.plus(LearnConfig.DEFAULT.halfLife().multipliedBy(3));
    for (int i = 0; i < 20; i++) {
      learner.observe(
          new Run("shop/web", "test", 1L, "success", null, 60, 1, later.plusSeconds(60L * i)));
    }
    var well = learner.runner(1, later.plusSeconds(1200));
    assertThat(sick.successRate()).isLessThan(0.2);
    // the 20 faults weigh 20/8 = 2.5 now against 20 good runs and the prior
    assertThat(well.successRate()).isCloseTo((20 + 5 * 0.95) / (22.5 + 5), within(0.01));
    // and with nothing new, a runner's figures keep their proportions as they fade
    var quiet = learner.runner(1, later.plus(Duration.ofDays(30)));
    assertThat(quiet.jobs()).isZero();
    assertThat(quiet.successRate()).isCloseTo(0.95, within(0.02));
  }

  @Test
  void aJobsHistoryIsItsMedianAndItsOwnFailures() {
    double[] durations = {100, 120, 80, 500, 110, 90, 105, 95, 115, 85};
    for (int i = 0; i < durations.length; i++) {
      learner.observe(
          run(
              "e2e",
              1,
              i == 3 ? "failed" : "success",
              i == 3 ? "script_failure" : null,
              durations[i],
              i));
    }
    // neither a runner's fault nor a cancelled run is the job's
    learner.observe(run("e2e", 2, "failed", "runner_system_failure", 5, 20));
    learner.observe(run("e2e", 2, "canceled", null, 7, 21));
    JobHistory h = learner.job("shop/web", "e2e", T0.plusSeconds(3600));
    assertThat(h).isNotNull();
    assertThat(h.runs()).isEqualTo(10);
    assertThat(h.durationP50S()).isBetween(95.0, 105.0);
    assertThat(h.failureRate()).isCloseTo(0.1, within(0.001));
    assertThat(learner.job("shop/web", "unknown", T0)).isNull();
    assertThat(learner.runner(99, T0)).isNull();
  }

  @Test
  void theMedianFollowsTheLatestRuns() {
    var l = new Learner(new LearnConfig(Duration.ofHours(1), 5, 0.95, 8, 100));
    for (int i = 0; i < 8; i++) {
      l.observe(run("build", 1, "success", null, 600, i));
    }
    // the job got faster: eight new runs push the old ones out
    for (int i = 0; i < 8; i++) {
      l.observe(run("build", 1, "success", null, 200, 600 + i));
    }
    assertThat(l.job("shop/web", "build", T0.plusSeconds(60 * 610)).durationP50S()).isEqualTo(200);
  }

  @Test
  void applyPutsWhatWasLearnedIntoASnapshot() {
    for (int i = 0; i < 10; i++) {
      learner.observe(run("build", 7, "success", null, 300, i));
    }
    var pipeline =
        new Pipeline(1, "shop/web", "main", "branch", true, true, "push", "dana", false, List.of());
    var own = new JobHistory(3, 42, 0);
    var learnedJob = job(1, "build", pipeline, null);
    var ownJob = job(2, "build", pipeline, own);
    var unknownJob = job(3, "docs", pipeline, null);
    var seen = Runner.builder(7, "seen").concurrency(2).build();
    var unseen = Runner.builder(8, "unseen").concurrency(2).build();
    var now = T0.plusSeconds(3600);
    var out =
        learner.apply(
            new Snapshot(now, List.of(seen, unseen), List.of(learnedJob, ownJob, unknownJob)));

    assertThat(out.runners().get(0).stats()).isEqualTo(learner.runner(7, now));
    assertThat(out.runners().get(1).stats()).isNull();
    assertThat(out.jobs().get(0).history().durationP50S()).isEqualTo(300);
    assertThat(out.jobs().get(1).history()).isEqualTo(own);
    assertThat(out.jobs().get(2).history()).isNull();
    assertThat(out.now()).isEqualTo(now);
  }

  @Test
  void aRestoredLearnerAnswersAsTheOneItWasSavedFrom() {
    for (int i = 0; i < 30; i++) {
      learner.observe(run("build", 1 + i % 3, "success", null, 300 + i, i));
      learner.observe(
          run(
              "test",
              4,
              i % 4 == 0 ? "failed" : "success",
              i % 4 == 0 ? "runner_system_failure" : null,
              600,
              i));
    }
    var copy = new Learner(LearnConfig.DEFAULT);
    copy.restore(learner.state());
    var now = T0.plus(Duration.ofDays(2));
    for (long r = 1; r <= 4; r++) {
      assertThat(copy.runner(r, now)).isEqualTo(learner.runner(r, now));
    }
    assertThat(copy.job("shop/web", "build", now)).isEqualTo(learner.job("shop/web", "build", now));
    assertThat(copy.state()).isEqualTo(learner.state());
  }

  @Test
  void theLeastRecentlyRunJobsAreForgottenPastTheCap() {
    var l = new Learner(new LearnConfig(Duration.ofDays(1), 5, 0.95, 4, 2));
    l.observe(run("a", 1, "success", null, 10, 0));
    l.observe(run("b", 1, "success", null, 10, 1));
    l.observe(run("c", 1, "success", null, 10, 2));
    assertThat(l.job("shop/web", "a", T0)).isNull();
    assertThat(l.job("shop/web", "c", T0)).isNotNull();
    assertThat(l.state().jobs()).hasSize(2);
  }

  private static PendingJob job(long id, String name, Pipeline p, @Nullable JobHistory h) {
    return new PendingJob(id, name, "build", List.of(), T0, null, null, Map.of(), p, h, false);
  }
}
