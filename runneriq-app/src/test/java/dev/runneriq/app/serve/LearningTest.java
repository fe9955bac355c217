package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.OptimizerConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.priority.Analyzer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's Optimizer on its own: what GitLab shows finished reaches the learner once, a runner
 * failing by its own fault is named unhealthy, and a project living on hotfix branches is damped in
 * the snapshot the engine decides on, with the reason in the job's factor lines.
 */
class LearningTest {
  static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  final Engine engine = Engine.standard(EngineConfig.DEFAULT);
  final Learning learning =
      new Learning(OptimizerConfig.DEFAULT, engine.analyzer(), InstantSource.fixed(NOW), null);
  long ids = 1000;

  @Test
  void aRunnerFailingByItsOwnFaultIsNamedUnhealthyAndEachJobCountsOnce() {
    var runners =
        List.of(
            Runner.builder(1, "steady").concurrency(4).build(),
            Runner.builder(2, "flaky").concurrency(4).build());
    var snapshot = new Snapshot(NOW, runners, List.of());
    learning.apply(snapshot); // the declared speeds
    for (int i = 0; i < 40; i++) {
      learning.onOutcome(finished(++ids, 1, "success", null));
      var outcome =
          finished(
              ++ids,
              2,
              i % 4 == 0 ? "failed" : "success",
              i % 4 == 0 ? "runner_system_failure" : null);
      learning.onOutcome(outcome);
      learning.onOutcome(outcome); // a Job Hook and a Pipeline Hook show the same job
    }
    // a job that has not finished, or says nothing of what it was, teaches nothing
    learning.onOutcome(new JobOutcome(++ids, 1L, "running", NOW, NOW, null));
    learning.onOutcome(new JobOutcome(++ids, 1L, "success", NOW, NOW, NOW));

    assertThat(learning.observed()).isEqualTo(80);
    var insights = learning.insights(snapshot);
    assertThat(insights.runners())
        .extracting(r -> r.name(), r -> r.flags())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("steady", List.of()),
            org.assertj.core.groups.Tuple.tuple("flaky", List.of("unhealthy")));
    var applied = learning.apply(snapshot);
    assertThat(applied.runners().get(1).stats().successRate())
        .isLessThan(applied.runners().get(0).stats().successRate() - 0.1);
  }

  @Test
  void aProjectLivingOnHotfixBranchesIsDampedInTheSnapshotTheEngineDecidesOn() {
    var jobs = new ArrayList<PendingJob>();
    for (int p = 0; p < 6; p++) {
      for (int i = 0; i < 12; i++) {
        jobs.add(job("team/app" + p, i % 3 == 0 ? "main" : "feature/f" + i));
      }
    }
    for (int i = 0; i < 12; i++) {
      jobs.add(job("team/rush", "hotfix/now-" + i));
    }
    var runners = List.of(Runner.builder(1, "docker").concurrency(2).build());
    var applied = learning.apply(new Snapshot(NOW, runners, jobs));

    var adjustment = applied.calibration().of("team/rush");
    assertThat(adjustment).isNotNull();
    assertThat(adjustment.points()).isEqualTo(-15);
    assertThat(applied.calibration().projects()).containsOnlyKeys("team/rush");
    var rush = jobs.getLast();
    var decision =
        engine.decide(applied, 42).stream().filter(d -> d.jobId() == rush.id()).findFirst();
    assertThat(decision)
        .hasValueSatisfying(
            d ->
                assertThat(d.priority().factors())
                    .anySatisfy(
                        f -> {
                          assertThat(f.factor()).isEqualTo(Analyzer.CALIBRATION);
                          assertThat(f.points()).isEqualTo(-15);
                        }));
    assertThat(learning.insights(applied).calibration())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).startsWith("100% of this project's pipelines"));
  }

  /**
   * What was learned reaches the engine once a minute: between two readings a runner or job of the
   * last cycle is handed out as the very record it was (the engine goes on from what it knew of
   * it), and one with another load gets the same figures; a minute on, what was learned since is
   * read.
   */
  @Test
  void betweenTwoReadingsTheEngineIsHandedTheVeryRecordsOfItsLastCycle() {
    var runners =
        List.of(
            Runner.builder(1, "docker").concurrency(4).build(),
            Runner.builder(2, "idle").concurrency(4).build());
    var jobs = List.of(test(), job("team/app", "main"));
    learning.apply(new Snapshot(NOW, runners, List.of())); // the declared speeds
    for (int i = 0; i < 10; i++) {
      learning.onOutcome(finished(++ids, 1, "success", null));
    }
    var first = learning.apply(new Snapshot(NOW, runners, jobs));
    var learnedRunner = first.runners().getFirst();
    var learnedJob = first.jobs().getFirst();
    assertThat(learnedRunner.stats()).isNotNull();
    assertThat(learnedJob.history()).isNotNull();
    assertThat(first.runners().get(1)).isSameAs(runners.get(1)); // nothing learned of it
    assertThat(first.jobs().get(1)).isSameAs(jobs.get(1));

    for (int i = 0; i < 10; i++) {
      boolean fault = i % 2 == 0;
      learning.onOutcome(
          finished(++ids, 1, fault ? "failed" : "success", fault ? "runner_system_failure" : null));
    }
    var again = learning.apply(new Snapshot(NOW.plusSeconds(2), runners, jobs.reversed()));
    assertThat(again.runners().getFirst()).isSameAs(learnedRunner);
    assertThat(again.jobs().getLast()).isSameAs(learnedJob); // found where it went
    assertThat(again.jobs().getFirst()).isSameAs(jobs.get(1));

    var busier = List.of(runners.getFirst().withRunning(2), runners.get(1));
    var loaded = learning.apply(new Snapshot(NOW.plusSeconds(4), busier, jobs));
    assertThat(loaded.runners().getFirst().running()).isEqualTo(2);
    assertThat(loaded.runners().getFirst().stats()).isSameAs(learnedRunner.stats());

    var later = learning.apply(new Snapshot(NOW.plusSeconds(61), busier, jobs));
    var stats = java.util.Objects.requireNonNull(later.runners().getFirst().stats());
    assertThat(stats.jobs()).isEqualTo(20);
    assertThat(stats.successRate())
        .isLessThan(java.util.Objects.requireNonNull(learnedRunner.stats()).successRate());
    assertThat(java.util.Objects.requireNonNull(later.jobs().getFirst().history()).runs())
        .isEqualTo(15);
  }

  /** A pending job of the kind {@link #finished} jobs are: team/app's "test". */
  private PendingJob test() {
    var built = job("team/app", "main");
    return new PendingJob(
        built.id(),
        "test",
        "test",
        List.of(),
        built.pendingSince(),
        null,
        null,
        Map.of(),
        built.pipeline(),
        null,
        false);
  }

  private JobOutcome finished(long id, long runner, String status, String reason) {
    return new JobOutcome(
        id, runner, status, NOW, NOW, NOW.plusSeconds(id), "team/app", "test", reason, 120.0);
  }

  private PendingJob job(String project, String ref) {
    long id = ++ids;
    boolean main = ref.equals("main");
    var p =
        new Pipeline(
            id,
            project,
            ref,
            Pipeline.BRANCH,
            main || ref.startsWith("hotfix/"),
            main,
            "push",
            "dana",
            false,
            List.of("build"));
    return new PendingJob(
        ++ids,
        "build",
        "build",
        List.of(),
        NOW.minusSeconds(60),
        null,
        null,
        Map.of(),
        p,
        null,
        false);
  }
}
