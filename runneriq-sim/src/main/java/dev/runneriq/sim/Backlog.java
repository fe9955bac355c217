package dev.runneriq.sim;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.priority.Analyzer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Jobs waiting for RunnerIQ's engine, held per signature and per base score so that the best of
 * them (the analyzer's score with aging; ties by pending time, then job id, as the engine orders
 * them) is among a few bucket heads: within one bucket the oldest job has the highest aged score.
 *
 * <p>A job may leave without being taken (a gated job its floor started): {@code gone} says so, and
 * such jobs are dropped when they reach the head of their bucket.
 */
final class Backlog {
  private final Simulation sim;
  private final World w;
  private final Analyzer analyzer;
  private final @Nullable IntUnaryOperator calibration;
  private final int @Nullable [] added;
  private final int lowest;
  private final Buckets[] buckets;
  private int bestScore;

  /**
   * @param gone jobs that left the backlog without being taken
   */
  Backlog(Simulation sim, Analyzer analyzer, IntPredicate gone) {
    this(sim, analyzer, gone, null);
  }

  /**
   * @param calibration points (0 or less) added to a job's base score as it joins the backlog: its
   *     project's calibration then; null for none
   */
  Backlog(
      Simulation sim,
      Analyzer analyzer,
      IntPredicate gone,
      @Nullable IntUnaryOperator calibration) {
    this.sim = sim;
    this.w = sim.world();
    this.analyzer = analyzer;
    this.calibration = calibration;
    this.added = calibration == null ? null : new int[w.jobCount()];
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int b : w.baseScore) {
      min = Math.min(min, b);
      max = Math.max(max, b);
    }
    if (calibration != null) {
      min = Math.max(0, Math.min(min, max) - Calibration.MAX_POINTS);
    }
    this.lowest = min;
    buckets = new Buckets[w.signatures.count()];
    for (int s = 0; s < buckets.length; s++) {
      buckets[s] = new Buckets(min, Math.max(min, max), sim, gone);
    }
  }

  void add(int job) {
    buckets[w.signature[job]].add(job, score(job));
  }

  /** The score {@code job} joins with: its base score, calibrated. */
  private int score(int job) {
    var c = calibration;
    var a = added;
    if (c == null || a == null) {
      return w.baseScore[job];
    }
    a[job] = Math.max(lowest, w.baseScore[job] + c.applyAsInt(job));
    return a[job];
  }

  /**
   * Takes the best job at {@code now} among the signatures {@code open} accepts (its aged score in
   * {@link #bestScore}) out of the backlog, or returns -1.
   */
  int take(long now, IntPredicate open) {
    int best = -1;
    int score = -1;
    for (int s = 0; s < buckets.length; s++) {
      var b = buckets[s];
      if (b.size > 0 && open.test(s)) {
        int j = b.best(analyzer, now);
        if (j >= 0 && better(b.bestScore, j, score, best)) {
          best = j;
          score = b.bestScore;
        }
      }
    }
    bestScore = score;
    if (best >= 0) {
      var a = added;
      buckets[w.signature[best]].remove(best, a == null ? w.baseScore[best] : a[best]);
    }
    return best;
  }

  /** The aged score of the job {@link #take} returned last. */
  int bestScore() {
    return bestScore;
  }

  /** Moves every job here to {@code out}. */
  void drainTo(List<Integer> out) {
    for (var b : buckets) {
      b.drainTo(out);
    }
  }

  private boolean better(int score, int job, int bestScore, int best) {
    if (best < 0 || score != bestScore) {
      return best < 0 || score > bestScore;
    }
    long a = sim.pendingSince(job);
    long b = sim.pendingSince(best);
    return a != b ? a < b : job < best;
  }

  /** Pending jobs of one signature, one heap per base score, oldest pending first. */
  private static final class Buckets {
    private final int min;
    private final IntHeap[] heaps;
    private final long[] nonEmpty;
    private final Simulation sim;
    private final IntPredicate gone;
    int size;
    int bestScore;

    Buckets(int min, int max, Simulation sim, IntPredicate gone) {
      this.min = min;
      this.sim = sim;
      this.gone = gone;
      heaps = new IntHeap[max - min + 1];
      IntHeap.Order older =
          (a, b) -> {
            long pa = sim.pendingSince(a);
            long pb = sim.pendingSince(b);
            return pa < pb || (pa == pb && a < b);
          };
      for (int i = 0; i < heaps.length; i++) {
        heaps[i] = new IntHeap(older);
      }
      nonEmpty = new long[(heaps.length + 63) / 64];
    }

    void add(int job, int base) {
      int i = base - min;
      heaps[i].add(job);
      nonEmpty[i >>> 6] |= 1L << i;
      size++;
    }

    void remove(int job, int base) {
      int i = base - min;
      int head = heaps[i].poll();
      if (head != job) {
        throw new IllegalStateException("bucket out of order");
      }
      if (heaps[i].isEmpty()) {
        nonEmpty[i >>> 6] &= ~(1L << i);
      }
      size--;
    }

    void drainTo(List<Integer> out) {
      for (var h : heaps) {
        while (!h.isEmpty()) {
          int j = h.poll();
          if (!gone.test(j)) {
            out.add(j);
          }
        }
      }
      Arrays.fill(nonEmpty, 0);
      size = 0;
    }

    /** The best job here at {@code now} (its score in {@link #bestScore}), or -1. */
    int best(Analyzer analyzer, long now) {
      int best = -1;
      long bestSince = 0;
      for (int word = 0; word < nonEmpty.length; word++) {
        long bits = nonEmpty[word];
        while (bits != 0) {
          int i = word * 64 + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          var heap = heaps[i];
          while (!heap.isEmpty() && gone.test(heap.peek())) {
            heap.poll();
            size--;
          }
          if (heap.isEmpty()) {
            nonEmpty[i >>> 6] &= ~(1L << i);
            continue;
          }
          int j = heap.peek();
          long since = sim.pendingSince(j);
          int score = analyzer.agedScore(i + min, now - since);
          if (best < 0
              || score > bestScore
              || (score == bestScore && (since < bestSince || (since == bestSince && j < best)))) {
            best = j;
            bestScore = score;
            bestSince = since;
          }
        }
      }
      return best;
    }
  }
}
