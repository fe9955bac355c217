package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the verdicts the pipeline reuses with fresh checks and lists where they differ, naming
 * the filter: what a filter whose declaration ({@link Signed}) reads less than its rule looks like.
 * Jobs are placed in turn while the runners' loads change, as in a cycle.
 */
final class CacheChecker {
  private CacheChecker() {}

  /**
   * Where {@code filter}'s declaration does not hold on {@code snapshot}: jobs that agree on its
   * signature get different verdicts, it rejects where it said it cannot, it rejects for two
   * reasons, or (for a filter whose verdicts the pipeline keeps) a kept verdict differs from a
   * fresh one after loads changed.
   */
  static List<String> filter(Filter filter, Snapshot snapshot) {
    var problems = new ArrayList<String>();
    var runners = snapshot.runners();
    var jobs = snapshot.jobs();
    if (!(filter instanceof Signed declared)) {
      return problems;
    }
    var signature = declared.signature();
    var seen = new HashMap<Object, PendingJob>();
    var reasons = new HashMap<Reason, Long>();
    for (var job : jobs) {
      var alike = seen.putIfAbsent(signature.key(job), job);
      for (var runner : runners) {
        var verdict = filter.check(job, runner);
        if (verdict instanceof Verdict.Rejected r) {
          reasons.putIfAbsent(r.reason(), runner.id());
          if (!declared.canReject(runner)) {
            problems.add(
                "%s: rejects job %d on runner %d, where it said it cannot reject"
                    .formatted(filter, job.id(), runner.id()));
          }
        }
        if (alike != null) {
          var before = words(filter.check(alike, runner), alike, runner);
          var now = words(verdict, job, runner);
          if (!now.equals(before)) {
            problems.add(
                "%s: jobs %d and %d agree on %s but not on runner %d: %s against %s"
                    .formatted(
                        filter,
                        alike.id(),
                        job.id(),
                        signature.facets(),
                        runner.id(),
                        before,
                        now));
          }
        }
      }
    }
    if (reasons.size() > 1) {
      problems.add(filter + ": rejects for more than one reason " + reasons.keySet());
    }
    if (!declared.readsLoad()) {
      problems.addAll(kept(filter, declared, snapshot));
    }
    return problems;
  }

  /** The verdicts the pipeline keeps for {@code filter}, against fresh ones, as loads change. */
  private static List<String> kept(Filter filter, Signed declared, Snapshot snapshot) {
    var problems = new ArrayList<String>();
    var runners = new ArrayList<>(snapshot.runners());
    var cache = new FilterVerdicts(new Filter[] {filter}, new Signed[] {declared}, 1024);
    cache.reset(runners);
    int step = 0;
    for (var job : snapshot.jobs()) {
      if (!runners.isEmpty()) {
        int at = step++ % runners.size();
        var r = runners.get(at);
        runners.set(at, r.withRunning((r.running() + 1) % (r.concurrency() + 2)));
      }
      long[] pass = cache.passes(0, cache.key(0, job), job, runners);
      for (int i = 0; i < runners.size(); i++) {
        boolean reused = (pass[i >> 6] & (1L << i)) != 0;
        boolean fresh = filter.check(job, runners.get(i)) == Verdict.ACCEPT;
        if (reused != fresh) {
          problems.add(
              "%s: job %d on runner %d: kept verdict %s, fresh %s"
                  .formatted(filter, job.id(), runners.get(i).id(), word(reused), word(fresh)));
        }
      }
    }
    return problems;
  }

  /**
   * Where a pipeline of {@code filters}, placing the jobs of {@code snapshot} in turn on a fleet
   * whose slots fill and free, answers other than checking every filter on every runner afresh:
   * outcome, rejections per reason, their details, and feasibility of the candidates.
   */
  static List<String> pipeline(List<Filter> filters, Snapshot snapshot, Scarcity scarcity) {
    var problems = new ArrayList<String>();
    var placement = new Placement(filters, Scorers.DEFAULT, PlacementConfig.DEFAULT);
    var inputs = new ScoringInputs(snapshot.carbon(), 0.95, scarcity);
    var runners = new RunnerTable(snapshot.runners());
    int step = 0;
    for (var job : snapshot.jobs()) {
      var reused = placement.place(job, Tier.MEDIUM, runners, inputs);
      var fresh = Fresh.of(inCheckedOrder(filters), job, runners);
      try {
        if (reused.outcome() != fresh.outcome
            || !reused.rejections().equals(fresh.counts)
            || !reused.rejectionDetails().equals(fresh.details)
            || reused.candidates().stream().anyMatch(c -> !fresh.feasible.contains(c.runner()))) {
          problems.add(
              "pipeline %s: job %d: reused %s %s %s, fresh %s %s %s"
                  .formatted(
                      filters,
                      job.id(),
                      reused.outcome(),
                      reused.rejections(),
                      reused.rejectionDetails(),
                      fresh.outcome,
                      fresh.counts,
                      fresh.details));
        }
      } catch (IllegalStateException e) {
        // the histogram, made when read, met a kept rejection the filter no longer gives
        problems.add("pipeline %s: job %d: %s".formatted(filters, job.id(), e.getMessage()));
      }
      if (!reused.candidates().isEmpty()) {
        int at = runners.indexOf(reused.candidates().get(0).runner());
        runners.set(at, runners.get(at).withRunning(runners.get(at).running() + 1));
      }
      // a job finishes somewhere: a slot frees
      if (step++ % 3 == 2 && !runners.isEmpty()) {
        int at = step % runners.size();
        var r = runners.get(at);
        runners.set(at, r.withRunning(Math.max(0, r.running() - 1)));
      }
    }
    return problems;
  }

  /** The filters in the order the pipeline checks them: those whose verdicts it keeps first. */
  private static List<Filter> inCheckedOrder(List<Filter> filters) {
    var out = new ArrayList<Filter>();
    filters.stream().filter(CacheChecker::keepsVerdicts).forEach(out::add);
    filters.stream().filter(f -> !keepsVerdicts(f)).forEach(out::add);
    return out;
  }

  private static boolean keepsVerdicts(Filter f) {
    return f instanceof Signed s && !s.readsLoad();
  }

  private static String word(boolean accepted) {
    return accepted ? "accept" : "reject";
  }

  private static String words(Verdict v, PendingJob job, Runner runner) {
    return v instanceof Verdict.Rejected r
        ? r.reason() + " " + r.detail().of(job, runner)
        : "accept";
  }

  /** Every filter checked on every runner: the first to reject names the reason. */
  private record Fresh(
      PlacementResult.Outcome outcome,
      Map<String, Integer> counts,
      Map<String, String> details,
      List<Runner> feasible) {

    static Fresh of(List<Filter> filters, PendingJob job, List<Runner> runners) {
      var counts = new LinkedHashMap<String, Integer>();
      var details = new LinkedHashMap<String, String>();
      var feasible = new ArrayList<Runner>();
      boolean waits = false;
      for (var runner : runners) {
        Verdict.Rejected first = null;
        for (var f : filters) {
          if (f.check(job, runner) instanceof Verdict.Rejected r) {
            first = r;
            break;
          }
        }
        if (first == null) {
          feasible.add(runner);
          continue;
        }
        String reason = first.reason().text();
        counts.merge(reason, 1, Integer::sum);
        details.putIfAbsent(reason, first.detail().of(job, runner));
        waits |= first.reason().clearsByItself();
      }
      var outcome =
          !feasible.isEmpty()
              ? PlacementResult.Outcome.PLACEABLE
              : waits ? PlacementResult.Outcome.WAIT : PlacementResult.Outcome.UNPLACEABLE;
      return new Fresh(outcome, counts, details, feasible);
    }
  }
}
