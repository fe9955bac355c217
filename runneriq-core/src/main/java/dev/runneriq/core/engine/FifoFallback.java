package dev.runneriq.core.engine;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanations;
import dev.runneriq.core.decision.FilterFailure;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Verdict.Rejected;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Factor;
import dev.runneriq.core.priority.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor: GitLab's own order. Oldest pending job first (ties by job id), each to the first
 * runner by id that passes every filter, consuming slots. Uses no scorer and no tie-breaker, and
 * guards the analyzer and the filters: a runner on which a filter throws is not used for that job,
 * and the decision names the filter. So it yields a valid decision whenever some runner is feasible
 * and every filter can judge it.
 */
final class FifoFallback {
  private final EngineConfig config;
  private final Analyzer analyzer;
  private final List<Filter> filters;

  FifoFallback(EngineConfig config, Analyzer analyzer, List<Filter> filters) {
    this.config = config;
    this.analyzer = analyzer;
    this.filters = filters;
  }

  List<Decision> decide(Snapshot snapshot, long seed, String reason) {
    var jobs = new ArrayList<>(snapshot.jobs());
    jobs.sort(Comparator.comparing(PendingJob::pendingSince).thenComparingLong(PendingJob::id));
    var runners = new ArrayList<>(snapshot.runners());
    runners.sort(Comparator.comparingLong(Runner::id));
    var out = new ArrayList<Decision>(jobs.size());
    for (var job : jobs) {
      Priority priority = safePriority(job, snapshot);
      var failures = new Failures();
      int chosen = -1;
      boolean someFeasible = false;
      for (int i = 0; i < runners.size() && chosen < 0; i++) {
        var verdict = check(filters, job, runners.get(i), failures);
        // a runner a filter could not judge may take the job once the filter works: the job waits
        someFeasible |= verdict != Verdict.NEVER;
        if (verdict == Verdict.NOW) {
          chosen = i;
        }
      }
      Runner runner = null;
      Action action;
      if (chosen >= 0) {
        runner = runners.get(chosen);
        runners.set(chosen, runner.withRunning(runner.running() + 1));
        action = Action.ASSIGN;
      } else {
        action = someFeasible ? Action.WAIT : Action.UNPLACEABLE;
      }
      out.add(
          Decision.builder(
                  DecisionIds.of(snapshot.now(), seed, job.id()),
                  snapshot.now(),
                  config.mode(),
                  job.id(),
                  Engine.jobRef(job),
                  priority)
              .action(action)
              .runnerId(runner == null ? null : runner.id())
              .decidedBy(DecidedBy.FIFO_FALLBACK)
              .considered(runners.size())
              .explanation(Explanations.fallback(job, priority, runner, reason, failures.list()))
              .fallbackReason(reason)
              .build());
    }
    return out;
  }

  /**
   * The position of the first runner of {@code runners} by id that passes every one of {@code
   * filters} for {@code job} now, or -1.
   */
  static int firstFree(List<Filter> filters, PendingJob job, List<Runner> runners) {
    int best = -1;
    var failures = new Failures(); // the caller counts placements only: not reported
    for (int i = 0; i < runners.size(); i++) {
      if ((best < 0 || runners.get(i).id() < runners.get(best).id())
          && check(filters, job, runners.get(i), failures) == Verdict.NOW) {
        best = i;
      }
    }
    return best;
  }

  private enum Verdict {
    NOW,
    LATER,
    NEVER,
    /** A filter threw: the runner is not used for the job this cycle. */
    UNJUDGED
  }

  private static Verdict check(
      List<Filter> filters, PendingJob job, Runner runner, Failures failures) {
    Verdict v = Verdict.NOW;
    for (var f : filters) {
      dev.runneriq.core.placement.Verdict verdict;
      try {
        verdict = f.check(job, runner);
      } catch (RuntimeException e) {
        failures.add(f, runner, e);
        return Verdict.UNJUDGED;
      }
      if (verdict instanceof Rejected r) {
        if (!r.reason().clearsByItself()) {
          return Verdict.NEVER;
        }
        v = Verdict.LATER;
      }
    }
    return v;
  }

  /** The filters that threw for one job, each with its first error and the runners it threw on. */
  private static final class Failures {
    private record Failed(String error, List<Runner> runners) {}

    private final Map<String, Failed> byFilter = new LinkedHashMap<>();

    void add(Filter f, Runner runner, RuntimeException e) {
      byFilter
          .computeIfAbsent(f.toString(), k -> new Failed(Engine.reason(e), new ArrayList<>()))
          .runners()
          .add(runner);
    }

    List<FilterFailure> list() {
      var out = new ArrayList<FilterFailure>(byFilter.size());
      byFilter.forEach(
          (f, failed) -> out.add(new FilterFailure(f, failed.error(), failed.runners())));
      return out;
    }
  }

  private Priority safePriority(PendingJob job, Snapshot snapshot) {
    try {
      return analyzer.score(job, snapshot.now(), snapshot.calibration());
    } catch (RuntimeException e) {
      return unknown();
    }
  }

  private static Priority unknown() {
    return new Priority(
        0, Tier.LOW, List.of(new Factor("unavailable", 0, "priority could not be computed")));
  }
}
