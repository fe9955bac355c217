package dev.runneriq.core.engine;

import dev.runneriq.core.model.PendingJob;
import java.util.Arrays;
import java.util.List;

/** The order of a cycle: highest score first, then the longest pending, then the lowest job id. */
final class Ranked {
  /** Seconds either side of the epoch within which a job's millisecond is worked out exactly. */
  private static final long MAX_SECONDS = 1L << 40;

  private Ranked() {}

  /** Whether the job of score {@code sa} comes before that of score {@code sb}, as -1, 0 or 1. */
  static int inOrder(int sa, PendingJob a, int sb, PendingJob b) {
    if (sa != sb) {
      return sa > sb ? -1 : 1;
    }
    int c = a.pendingSince().compareTo(b.pendingSince());
    return c != 0 ? c : Long.compare(a.id(), b.id());
  }

  /**
   * The positions of {@code jobs} {@link #inOrder in order}, {@code scores[i]} being the score of
   * {@code jobs.get(i)}. The score and the millisecond a job went pending are packed into one
   * number with the job's position, so a queue of 100,000 sorts as numbers, without reading a job
   * again; only jobs of the same score that went pending in the same millisecond are then compared.
   * Where the numbers do not fit 63 bits, jobs are compared throughout.
   */
  static int[] order(int[] scores, List<PendingJob> jobs) {
    int n = jobs.size();
    var millis = new long[n];
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean fits = true;
    for (int i = 0; i < n; i++) {
      var at = jobs.get(i).pendingSince();
      long s = at.getEpochSecond();
      fits &= Math.abs(s) < MAX_SECONDS;
      millis[i] = s * 1000 + at.getNano() / 1_000_000;
      first = Math.min(first, millis[i]);
      last = Math.max(last, millis[i]);
    }
    int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1L));
    int millisBits = 64 - Long.numberOfLeadingZeros(Math.max(0, last - first));
    if (n < 2 || !fits || 7 + millisBits + indexBits > 63) {
      return compared(scores, jobs);
    }
    var keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] =
          ((long) (100 - scores[i]) << (millisBits + indexBits))
              | (millis[i] - first) << indexBits
              | i;
    }
    Arrays.sort(keys);
    long mask = (1L << indexBits) - 1;
    var order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) (keys[i] & mask);
    }
    // the same score and millisecond: the exact order within, by the instant and the id
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && keys[to] >>> indexBits == keys[from] >>> indexBits) {
        to++;
      }
      if (to - from > 1) {
        sortRange(order, from, to, scores, jobs);
      }
      from = to;
    }
    return order;
  }

  private static int[] compared(int[] scores, List<PendingJob> jobs) {
    var order = new int[jobs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    sortRange(order, 0, order.length, scores, jobs);
    return order;
  }

  private static void sortRange(
      int[] order, int from, int to, int[] scores, List<PendingJob> jobs) {
    var boxed = new Integer[to - from];
    for (int k = from; k < to; k++) {
      boxed[k - from] = order[k];
    }
    Arrays.sort(boxed, (a, b) -> inOrder(scores[a], jobs.get(a), scores[b], jobs.get(b)));
    for (int k = from; k < to; k++) {
      order[k] = boxed[k - from];
    }
  }
}
