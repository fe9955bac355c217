package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.core.placement.PlacementConfig;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.core.placement.Verdict;
import dev.runneriq.core.testing.OddFilters;
import dev.runneriq.core.testing.OddScorers;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What holds for every snapshot, checked on generated ones against the real engine. */
class EngineProperties {
  private static final Engine ENGINE = Engine.standard(EngineConfig.DEFAULT);

  @Provide
  Arbitrary<Snapshot> snapshots() {
    return SnapshotArbitraries.snapshots();
  }

  @Property(tries = 200)
  void everyAssignmentPassesEveryFilterGivenEarlierAssignments(
      @ForAll("snapshots") Snapshot snapshot) {
    var decisions = ENGINE.decide(snapshot, 42);

    replayAssignments(snapshot, decisions, EngineProperties::passesEveryFilter);
  }

  @Property(tries = 200)
  void noRunnerGetsMoreJobsThanItsFreeSlots(@ForAll("snapshots") Snapshot snapshot) {
    var decisions = ENGINE.decide(snapshot, 42);

    var assigned = new HashMap<Long, Integer>();
    for (var d : decisions) {
      if (d.action() == Action.ASSIGN) {
        assigned.merge(d.runnerId(), 1, Integer::sum);
      }
    }
    var runners = byId(snapshot);
    assigned.forEach(
        (id, count) ->
            assertThat(count)
                .as("runner %d", id)
                .isLessThanOrEqualTo(Objects.requireNonNull(runners.get(id)).freeSlots()));
  }

  @Property(tries = 200)
  void theSameInputGivesTheSameOutput(@ForAll("snapshots") Snapshot snapshot) {
    var first = ENGINE.decide(snapshot, 42);
    var again = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 42);

    assertThat(again).isEqualTo(first);
    assertThat(first).hasSameSizeAs(snapshot.jobs());
  }

  @Property(tries = 200)
  void scoresStayWithinZeroToHundred(@ForAll("snapshots") Snapshot snapshot) {
    for (var d : ENGINE.decide(snapshot, 42)) {
      assertThat(d.priority().score()).isBetween(0, 100);
      assertThat(d.candidates()).hasSizeLessThanOrEqualTo(5);
      for (var c : d.candidates()) {
        assertThat(c.total()).isBetween(0.0, 100.0);
        c.scores().forEach(s -> assertThat(s.normalized()).as(s.scorer()).isBetween(0.0, 100.0));
      }
      assertThat(d.decidedBy()).as("%s", d.fallbackReason()).isNotEqualTo(DecidedBy.FIFO_FALLBACK);
    }
  }

  @Property(tries = 200)
  void fallbackAssignsTheOldestJobWhenSomeRunnerCanTakeIt(@ForAll("snapshots") Snapshot snapshot) {
    var engine =
        new Engine(
            keepingNoSlot(EngineConfig.DEFAULT),
            Filters.DEFAULT,
            List.of(Scorers.FREE, OddScorers.throwing("broken", "carbon provider unreachable")),
            TieBreaker.RULE_ORDER);
    Optional<PendingJob> oldest =
        snapshot.jobs().stream()
            .min(Comparator.comparing(PendingJob::pendingSince).thenComparingLong(PendingJob::id));
    if (oldest.isEmpty()) {
      return;
    }
    Optional<Runner> firstFeasible =
        snapshot.runners().stream()
            .sorted(Comparator.comparingLong(Runner::id))
            .filter(
                r ->
                    Filters.DEFAULT.stream()
                        .allMatch(f -> f.check(oldest.get(), r) == Verdict.ACCEPT))
            .findFirst();

    if (firstFeasible.isEmpty()) {
      return;
    }

    List<Decision> decisions = engine.decide(snapshot, 42);

    assertThat(decisions).allMatch(d -> d.decidedBy() == DecidedBy.FIFO_FALLBACK);
    var first = decisions.get(0);
    assertThat(first.jobId()).isEqualTo(oldest.get().id());
    assertThat(first.action()).isEqualTo(Action.ASSIGN);
    assertThat(first.runnerId()).isEqualTo(firstFeasible.get().id());
    assertThat(first.fallbackReason()).contains("carbon provider unreachable");
  }

  /**
   * A filter that throws on every runner with an odd id: the floor still stands. Each job gets a
   * decision, no job goes to a runner the filter could not judge, and every assignment passes the
   * other filters given the earlier ones.
   */
  @Property(tries = 200)
  void aFilterThrowingOnSomeRunnersLeavesTheFloorStanding(@ForAll("snapshots") Snapshot snapshot) {
    var filters = new ArrayList<Filter>();
    filters.add(OddFilters.throwingOn("flaky", "zone lookup failed", id -> id % 2 == 1));
    filters.addAll(Filters.DEFAULT);
    var engine = new Engine(EngineConfig.DEFAULT, filters, Scorers.DEFAULT, TieBreaker.RULE_ORDER);

    var decisions = engine.decide(snapshot, 42);

    assertThat(decisions).hasSameSizeAs(snapshot.jobs());
    replayAssignments(
        snapshot,
        decisions,
        (job, runner) -> {
          assertThat(runner.id() % 2).as("job %d on runner %d", job.id(), runner.id()).isZero();
          passesEveryFilter(job, runner);
        });
  }

  /**
   * Replays the assignments of {@code decisions} in order, handing {@code check} each job with its
   * runner as the earlier assignments left it.
   */
  private static void replayAssignments(
      Snapshot snapshot, List<Decision> decisions, BiConsumer<PendingJob, Runner> check) {
    var runners = byId(snapshot);
    var jobs = new HashMap<Long, PendingJob>();
    snapshot.jobs().forEach(j -> jobs.put(j.id(), j));
    for (var d : decisions) {
      if (d.action() != Action.ASSIGN) {
        continue;
      }
      var runner = Objects.requireNonNull(runners.get(d.runnerId()), "assigned runner exists");
      var job = Objects.requireNonNull(jobs.get(d.jobId()), "decided job exists");
      check.accept(job, runner);
      runners.put(runner.id(), runner.withRunning(runner.running() + 1));
    }
  }

  private static void passesEveryFilter(PendingJob job, Runner runner) {
    for (var f : Filters.DEFAULT) {
      assertThat(f.check(job, runner))
          .as("job %d on runner %d: %s", job.id(), runner.id(), f)
          .isEqualTo(Verdict.ACCEPT);
    }
  }

  /**
   * {@code config} keeping no slot for rare tags: then a runner the filters let through reaches the
   * scorers (a kept last slot would make the job wait before any scorer is asked).
   */
  private static EngineConfig keepingNoSlot(EngineConfig config) {
    var p = config.placement();
    var reserve = new PlacementConfig.Reserve(p.reserve().rareShare(), 0, true);
    return new EngineConfig(
        config.mode(),
        config.priority(),
        new PlacementConfig(
            p.weights(), p.carbonWeights(), p.tieMargin(), p.defaultSuccessRate(), reserve),
        config.carbon());
  }

  private static Map<Long, Runner> byId(Snapshot snapshot) {
    var out = new HashMap<Long, Runner>();
    snapshot.runners().forEach(r -> out.put(r.id(), r));
    return out;
  }
}
