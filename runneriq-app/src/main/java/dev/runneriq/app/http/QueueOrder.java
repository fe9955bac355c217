package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Snapshot;
import java.lang.ref.SoftReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pending jobs of one cycle in the queue page's order (highest priority first, then longest
 * pending, then job id, as the engine decides them; jobs not decided yet last) with each job's
 * advice. The last one asked for is kept, softly (memory may take it back), so that the pages of a
 * queue of 100,000 jobs are not each sorted again. Thread-safe.
 */
record QueueOrder(
    Snapshot snapshot,
    List<Decision> decisions,
    List<PendingJob> jobs,
    Map<Long, Decision> advice) {
  private static volatile SoftReference<@Nullable QueueOrder> last = new SoftReference<>(null);

  /**
   * The order of {@code state}: the one kept when it is that cycle's, else worked out now. A cycle
   * is its snapshot and decisions, whatever view of it is asked (each request of the service sees
   * the cycle through a view of its own, with secrets redacted).
   */
  @SuppressWarnings(
      "ReferenceEquality") // one cycle's lists are one object each: identity is the point
  static QueueOrder of(LiveState state) {
    var kept = last.get();
    var snapshot = state.snapshot();
    var decisions = state.decisions();
    if (kept != null && kept.snapshot == snapshot && kept.decisions == decisions) {
      return kept;
    }
    Map<Long, Decision> advice = Views.byJob(decisions);
    var jobs = snapshot.jobs();
    var ordered = inDecisionOrder(decisions, jobs, advice);
    var order =
        new QueueOrder(
            snapshot, decisions, ordered != null ? ordered : sorted(jobs, advice), advice);
    last = new SoftReference<>(order);
    return order;
  }

  /**
   * The jobs in the order of a cycle's decisions, which the engine makes highest priority first
   * (then longest pending, then job id), the jobs without one after them, longest pending first:
   * read off in one pass instead of sorting 100,000 jobs. Null when the decisions are not in that
   * order, or name a job twice or one not pending.
   */
  static @Nullable List<PendingJob> inDecisionOrder(
      List<Decision> decisions, List<PendingJob> jobs, Map<Long, Decision> advice) {
    if (advice.size() != decisions.size()) {
      return null;
    }
    var byId = new HashMap<Long, PendingJob>(jobs.size() * 4 / 3 + 1);
    for (var j : jobs) {
      byId.put(j.id(), j);
    }
    var out = new ArrayList<PendingJob>(jobs.size());
    int beforeScore = Integer.MAX_VALUE;
    Instant beforeSince = Instant.MIN;
    for (var d : decisions) {
      var job = byId.get(d.jobId());
      int score = d.priority().score();
      if (job == null
          || score > beforeScore
          || (score == beforeScore && job.pendingSince().isBefore(beforeSince))) {
        return null;
      }
      out.add(job);
      beforeScore = score;
      beforeSince = job.pendingSince();
    }
    var undecided = new ArrayList<PendingJob>();
    for (var j : jobs) {
      if (!advice.containsKey(j.id())) {
        undecided.add(j);
      }
    }
    undecided.sort(Comparator.comparing(PendingJob::pendingSince));
    out.addAll(undecided);
    return out;
  }

  /** The jobs sorted: highest priority first, then longest pending; jobs not decided last. */
  private static List<PendingJob> sorted(List<PendingJob> jobs, Map<Long, Decision> advice) {
    // each job's score looked up once, not at every comparison
    record Ranked(PendingJob job, int score) {}
    var ranked = new ArrayList<Ranked>(jobs.size());
    for (var j : jobs) {
      var d = advice.get(j.id());
      ranked.add(new Ranked(j, d == null ? -1 : d.priority().score()));
    }
    ranked.sort(
        Comparator.comparingInt((Ranked r) -> -r.score())
            .thenComparing(r -> r.job().pendingSince()));
    return ranked.stream().map(Ranked::job).toList();
  }

  int total() {
    return jobs.size();
  }

  /** At most {@code limit} jobs from position {@code offset}. */
  List<PendingJob> page(int offset, int limit) {
    int from = Math.min(offset, jobs.size());
    return jobs.subList(from, (int) Math.min(jobs.size(), (long) from + limit));
  }
}
