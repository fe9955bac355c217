package dev.runneriq.core.engine;

import static dev.runneriq.core.testing.Fixtures.NOW;
import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.core.placement.Scorer;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.core.testing.OddFilters;
import dev.runneriq.core.testing.OddScorers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One cycle of the real engine over small, hand-made snapshots. */
class EngineTest {
  private static final Engine ENGINE = Engine.standard(EngineConfig.DEFAULT);

  @Test
  void neverAssignsARunnerMoreJobsThanItsFreeSlots() {
    var runners =
        List.of(
            runner(1).slots(4, 3).build(),
            runner(2).slots(2, 0).build(),
            runner(3).slots(3, 3).build());
    var jobs = new ArrayList<PendingJob>();
    for (int i = 1; i <= 10; i++) {
      jobs.add(job("test-" + i, "test").id(i).build());
    }

    var decisions = ENGINE.decide(new Snapshot(NOW, runners, jobs), 7);

    assertThat(assignmentsPerRunner(decisions)).containsOnly(Map.entry(1L, 1), Map.entry(2L, 2));
    assertThat(decisions).filteredOn(d -> d.action() == Action.WAIT).hasSize(7);
  }

  /**
   * Jobs that wait for the same busy runners share one placement result, and their decisions one
   * rejection histogram: a queue of 100,000 waiting jobs does not hold 100,000 copies of it.
   */
  @Test
  void decisionsWaitingForTheSameRunnersShareTheirRejectionHistogram() {
    var runners = List.of(runner(1).slots(1, 0).build(), runner(2).slots(2, 2).build());
    var jobs = new ArrayList<PendingJob>();
    for (int i = 1; i <= 4; i++) {
      jobs.add(job("test-" + i, "test").id(i).build());
    }

    var waiting =
        ENGINE.decide(new Snapshot(NOW, runners, jobs), 7).stream()
            .filter(d -> d.action() == Action.WAIT)
            .toList();

    assertThat(waiting).hasSize(3);
    assertThat(waiting.get(0).rejections()).containsEntry("at capacity", 2);
    assertThat(waiting.get(1).rejections()).isSameAs(waiting.get(0).rejections());
    assertThat(waiting.get(2).rejections()).isSameAs(waiting.get(0).rejections());
  }

  @Test
  void placesTheHighestPriorityFirst() {
    var runners = List.of(runner(1).slots(1, 0).build());
    var lint = job("lint", "test").id(1).pendingFor(Duration.ofMinutes(20)).build();
    var deploy =
        job("deploy-prod", "deploy")
            .id(2)
            .onProtectedDefaultBranch()
            .environment("production", null)
            .build();

    var decisions = ENGINE.decide(new Snapshot(NOW, runners, List.of(lint, deploy)), 7);

    assertThat(decisions).extracting(Decision::jobId).containsExactly(2L, 1L);
    assertThat(decisions).extracting(Decision::action).containsExactly(Action.ASSIGN, Action.WAIT);
  }

  static Stream<Arguments> noRunnerNow() {
    var gpuJob = job("train", "test").tags("gpu");
    return Stream.of(
        argumentSet(
            "no runner has the tag, one is paused",
            gpuJob,
            List.of(
                runner(1).tags("docker").build(),
                runner(2).tags("gpu").paused().build(),
                runner(3).tags("docker", "linux").build()),
            Action.UNPLACEABLE,
            "0/3 runners can take it: 2 missing required tags [gpu], 1 paused."),
        argumentSet(
            "the only gpu runner is busy",
            gpuJob,
            List.of(runner(1).tags("docker").build(), runner(2).tags("gpu").slots(2, 2).build()),
            Action.WAIT,
            "The one runner that could take it is busy; it stays queued."
                + " 1 of 2 runners could not take it: 1 missing required tags [gpu]."),
        argumentSet("no runners at all", gpuJob, List.of(), Action.UNPLACEABLE, "0/0 runners"));
  }

  @ParameterizedTest
  @MethodSource("noRunnerNow")
  void tellsUnplaceableFromWait(
      dev.runneriq.core.testing.Fixtures.JobBuilder job,
      List<Runner> runners,
      Action expected,
      String explained) {
    var d = ENGINE.decide(new Snapshot(NOW, runners, List.of(job.build())), 7).get(0);

    assertThat(d.action()).isEqualTo(expected);
    assertThat(d.runnerId()).isNull();
    assertThat(d.explanation().text()).startsWith("train is LOW (30): ").contains(explained);
  }

  @Test
  void aClearWinnerIsDecidedByTheRules() {
    var runners = List.of(runner(1).slots(4, 3).build(), runner(2).slots(4, 0).build());

    var d = ENGINE.decide(new Snapshot(NOW, runners, List.of(job("b", "build").build())), 7).get(0);

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.RULES);
    assertThat(d.runnerId()).isEqualTo(2L);
  }

  @Test
  void aNearTieIsSettledByTheRuleOrder() {
    var d = decideOnTwins(TieBreaker.RULE_ORDER);

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.TIE_BREAK);
    assertThat(d.runnerId()).isEqualTo(3L);
    assertThat(d.llm()).isNull();
    assertThat(d.explanation().text())
        .contains("2 runners are a toss-up")
        .contains("trade health against speed")
        .contains("the rule order picks runner-3 (3)");
  }

  @Test
  void interchangeableRunnersAreOneChoiceNotATie() {
    var runners =
        List.of(runner(5).slots(4, 1).build(), runner(3).slots(4, 0).build(), runner(9).build());

    var d = ENGINE.decide(new Snapshot(NOW, runners, List.of(job("b", "build").build())), 7).get(0);

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.RULES);
    assertThat(d.runnerId()).isEqualTo(3L);
    assertThat(d.candidates()).hasSize(1);
    assertThat(d.explanation().text())
        .contains("Runner runner-3 (3) is the best of 3 interchangeable runners free to take it");
  }

  @Test
  void aTieBreakerAnsweringOutsideTheNearTiesIsIgnored() {
    var d = decideOnTwins((job, priority, near) -> new TieBreaker.Choice(9, llm(9, true)));

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.TIE_BREAK);
    assertThat(d.runnerId()).isEqualTo(3L);
    var llm = Objects.requireNonNull(d.llm());
    assertThat(llm.accepted()).isFalse();
    assertThat(llm.error()).contains("runner 9").contains("not among the near-ties");
    assertThat(d.explanation().text()).contains("the model's answer was not used");
  }

  @Test
  void aTieBreakerChoosingAnotherNearTieDecides() {
    var d = decideOnTwins((job, priority, near) -> new TieBreaker.Choice(5, llm(5, true)));

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.LLM);
    assertThat(d.runnerId()).isEqualTo(5L);
    assertThat(Objects.requireNonNull(d.llm()).accepted()).isTrue();
    assertThat(d.explanation().text())
        .contains("claude-test chose runner-5 (5): closer to the cache");
  }

  @Test
  void aTieBreakerReportingItsOwnFailureLeavesTheRuleOrder() {
    var d = decideOnTwins((job, priority, near) -> new TieBreaker.Choice(5, llm(5, false)));

    assertThat(d.decidedBy()).isEqualTo(DecidedBy.TIE_BREAK);
    assertThat(d.runnerId()).isEqualTo(3L);
    assertThat(d.explanation().text()).contains("the rule order picks runner-3 (3)");
  }

  @Test
  void theTieBreakerIsToldThePriorityOfTheJobItChoosesFor() {
    var told = new java.util.LinkedHashMap<Long, Priority>();
    TieBreaker recording =
        (job, priority, near) -> {
          told.put(job.id(), priority);
          return TieBreaker.RULE_ORDER.choose(job, priority, near);
        };
    var runners =
        List.of(
            runner(5).slots(8, 0).speed(1.2).stats(100, 0.95, 1.0).build(),
            runner(3).slots(8, 0).stats(100, 0.99, 1.0).build());
    var jobs =
        List.of(
            job("lint", "test").id(1).build(),
            job("deploy-prod", "deploy")
                .id(2)
                .onProtectedDefaultBranch()
                .environment("production", null)
                .build(),
            job("b", "build").id(3).pendingFor(Duration.ofMinutes(30)).build());

    var decisions =
        Engine.standard(EngineConfig.DEFAULT, recording)
            .decide(new Snapshot(NOW, runners, jobs), 7);

    assertThat(told).hasSizeGreaterThanOrEqualTo(2);
    assertThat(decisions.stream().map(Decision::priority).distinct()).hasSize(3);
    for (var d : decisions) {
      if (told.containsKey(d.jobId())) {
        assertThat(told.get(d.jobId())).as("job %d", d.jobId()).isEqualTo(d.priority());
      }
    }
  }

  /**
   * Three runners: 3 healthier and 5 faster, close in total (a genuine toss-up: each is materially
   * better on something), 9 nearly full (a clear loser).
   */
  private static Decision decideOnTwins(TieBreaker tieBreaker) {
    var engine = Engine.standard(EngineConfig.DEFAULT, tieBreaker);
    var runners =
        List.of(
            runner(5).slots(4, 0).speed(1.2).stats(100, 0.95, 1.0).build(),
            runner(9).slots(8, 7).build(),
            runner(3).slots(4, 0).stats(100, 0.99, 1.0).build());
    return engine.decide(new Snapshot(NOW, runners, List.of(job("b", "build").build())), 7).get(0);
  }

  private static LlmRecord llm(long runnerId, boolean accepted) {
    return new LlmRecord(
        "anthropic",
        "claude-test",
        runnerId,
        "closer to the cache",
        120,
        800,
        40,
        accepted,
        accepted ? null : "timed out after 2s");
  }

  static Stream<Arguments> failures() {
    Scorer throwing = OddScorers.throwing("flaky", "scorer exploded");
    TieBreaker failingTieBreaker =
        (job, priority, near) -> {
          throw new UnsupportedOperationException("model unreachable");
        };
    return Stream.of(
        argumentSet(
            "a scorer throws",
            new Engine(
                EngineConfig.DEFAULT,
                Filters.DEFAULT,
                List.of(Scorers.FREE, throwing),
                TieBreaker.RULE_ORDER),
            "IllegalStateException: scorer exploded",
            List.of(2L, 3L, 4L),
            null),
        argumentSet(
            "the tie-breaker throws",
            Engine.standard(EngineConfig.DEFAULT, failingTieBreaker),
            "UnsupportedOperationException: model unreachable",
            List.of(2L, 3L, 4L),
            null),
        argumentSet(
            "a filter throws",
            new Engine(
                EngineConfig.DEFAULT,
                withFirst(OddFilters.throwingOn("flaky", "filter exploded", id -> id == 2)),
                Scorers.DEFAULT,
                TieBreaker.RULE_ORDER),
            "IllegalStateException: filter exploded",
            // runner 2 cannot be judged, so it is not used; the others still are
            List.of(3L, 4L, 4L),
            "The filter flaky failed on runner-2 (2) (IllegalStateException: filter exploded),"
                + " so that runner was not used for it."));
  }

  private static List<Filter> withFirst(Filter filter) {
    var all = new ArrayList<Filter>();
    all.add(filter);
    all.addAll(Filters.DEFAULT);
    return all;
  }

  /**
   * Each case: the broken engine, the fallback reason, the runners GitLab's order gives the jobs
   * (oldest first), and what every explanation adds about runners set aside (null: nothing).
   */
  @ParameterizedTest
  @MethodSource("failures")
  void aFailureFallsBackToGitLabsOrder(
      Engine engine, String reason, List<Long> placed, @Nullable String setAside) {
    var runners =
        List.of(
            runner(4).slots(2, 0).build(),
            runner(1).paused().build(),
            // 2 faster, 3 healthier: a toss-up, so that a throwing tie-breaker is asked
            runner(2).slots(1, 0).speed(1.2).stats(100, 0.8, 1.0).build(),
            runner(3).slots(1, 0).stats(100, 0.99, 1.0).build());
    var newest =
        job("deploy-prod", "deploy")
            .id(10)
            .onProtectedDefaultBranch()
            .environment("production", null)
            .build();
    var oldest = job("lint", "test").id(11).pendingFor(Duration.ofMinutes(30)).build();
    var middle = job("unit", "test").id(12).pendingFor(Duration.ofMinutes(5)).build();

    var decisions = engine.decide(new Snapshot(NOW, runners, List.of(newest, oldest, middle)), 7);

    assertThat(decisions).extracting(Decision::jobId).containsExactly(11L, 12L, 10L);
    assertThat(decisions).extracting(Decision::runnerId).containsExactlyElementsOf(placed);
    assertThat(decisions)
        .allSatisfy(
            d -> {
              assertThat(d.decidedBy()).isEqualTo(DecidedBy.FIFO_FALLBACK);
              assertThat(d.action()).isEqualTo(Action.ASSIGN);
              assertThat(d.fallbackReason()).isEqualTo(reason);
              assertThat(d.explanation().text()).contains(reason).doesNotContain("\tat ");
              if (setAside == null) {
                assertThat(d.explanation().text()).doesNotContain("was not used");
              } else {
                assertThat(d.explanation().text()).endsWith(setAside);
              }
            });
  }

  @Test
  void explanationNamesFactorsRunnerAndRejections() {
    var runners =
        List.of(
            runner(1).tags("docker").slots(4, 0).build(),
            runner(2).tags("docker").paused().build(),
            runner(3).tags("linux").build(),
            runner(4).tags("docker").slots(4, 3).speed(1.5).build());
    var deploy =
        job("deploy-prod", "deploy")
            .tags("docker")
            .onProtectedDefaultBranch()
            .environment("production", null)
            .build();

    var d = ENGINE.decide(new Snapshot(NOW, runners, List.of(deploy)), 7).get(0);

    assertThat(d.runnerId()).isEqualTo(1L);
    assertThat(d.explanation().text())
        .startsWith("deploy-prod is CRITICAL (90): ")
        .contains("deploys to production +40")
        .contains("protected default branch main +35")
        .contains("Runner runner-1 (1) scores ")
        .contains("4 free slots")
        .endsWith("2 of 4 runners could not take it: 1 paused, 1 missing required tags [docker].");
    assertThat(d.rejections())
        .containsExactly(Map.entry("paused", 1), Map.entry("missing required tags", 1));
    assertThat(d.candidates()).extracting(c -> c.runnerId()).containsExactly(1L, 4L);
  }

  private static Map<Long, Integer> assignmentsPerRunner(List<Decision> decisions) {
    var counts = new HashMap<Long, Integer>();
    for (var d : decisions) {
      if (d.action() == Action.ASSIGN && d.runnerId() != null) {
        counts.merge(d.runnerId(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
