package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pending jobs of one cycle in the queue page's order (highest priority first, then longest
 * pending; jobs not decided yet last) with each job's advice. The last one asked for is kept,
 * softly (memory may take it back), so that the pages of a queue of 100,000 jobs are not each
 * sorted again. Thread-safe.
 */
record QueueOrder(LiveState state, List<PendingJob> jobs, Map<Long, Decision> advice) {
  private static volatile SoftReference<@Nullable QueueOrder> last = new SoftReference<>(null);

  /** The order of {@code state}: the one kept when it is that state's, else worked out now. */
  @SuppressWarnings("ReferenceEquality") // one cycle's state is one object: identity is the point
  static QueueOrder of(LiveState state) {
    var kept = last.get();
    if (kept != null && kept.state == state) {
      return kept;
    }
    Map<Long, Decision> advice = Views.byJob(state.decisions());
    // each job's score looked up once, not at every comparison
    record Ranked(PendingJob job, int score) {}
    var ranked = new ArrayList<Ranked>(state.snapshot().jobs().size());
    for (var j : state.snapshot().jobs()) {
      var d = advice.get(j.id());
      ranked.add(new Ranked(j, d == null ? -1 : d.priority().score()));
    }
    ranked.sort(
        Comparator.comparingInt((Ranked r) -> -r.score())
            .thenComparing(r -> r.job().pendingSince()));
    var ordered = ranked.stream().map(Ranked::job).toList();
    var order = new QueueOrder(state, ordered, advice);
    last = new SoftReference<>(order);
    return order;
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
