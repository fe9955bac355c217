package dev.runneriq.core.engine;

import java.util.Arrays;

/** The order of a cycle: highest score first, then the longest pending, then the lowest job id. */
final class Ranked {
  /** Seconds either side of the epoch within which a job's millisecond is worked out exactly. */
  private static final long MAX_SECONDS = 1L << 40;

  private Ranked() {}

  /**
   * The positions of jobs in that order, given by their score, id and the instant they went pending
   * (its epoch second and nanosecond), without reading a job. The score and the millisecond a job
   * went pending are packed into one number with the job's position, so a queue of 100,000 sorts as
   * numbers; only jobs of the same score that went pending in the same millisecond (a pipeline's
   * jobs, often) are then put in order by their nanosecond and id. Where the numbers do not fit 63
   * bits, jobs are compared throughout.
   */
  static int[] order(int[] scores, long[] ids, long[] seconds, int[] nanos) {
    int n = scores.length;
    var millis = new long[n];
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean fits = true;
    for (int i = 0; i < n; i++) {
      long s = seconds[i];
      fits &= Math.abs(s) < MAX_SECONDS;
      millis[i] = s * 1000 + nanos[i] / 1_000_000;
      first = Math.min(first, millis[i]);
      last = Math.max(last, millis[i]);
    }
    var jobs = new Keys(scores, ids, seconds, nanos);
    int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1L));
    int millisBits = 64 - Long.numberOfLeadingZeros(Math.max(0, last - first));
    if (n < 2 || !fits || 7 + millisBits + indexBits > 63) {
      var order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      jobs.sort(order, 0, n);
      return order;
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
        jobs.sort(order, from, to);
      }
      from = to;
    }
    return order;
  }

  /** What orders jobs, by position. */
  private static final class Keys {
    /** Groups this short are put in order by insertion. */
    private static final int SHORT = 24;

    private final int[] scores;
    private final long[] ids;
    private final long[] seconds;
    private final int[] nanos;

    Keys(int[] scores, long[] ids, long[] seconds, int[] nanos) {
      this.scores = scores;
      this.ids = ids;
      this.seconds = seconds;
      this.nanos = nanos;
    }

    int compare(int a, int b) {
      if (scores[a] != scores[b]) {
        return scores[a] > scores[b] ? -1 : 1;
      }
      if (seconds[a] != seconds[b]) {
        return seconds[a] < seconds[b] ? -1 : 1;
      }
      if (nanos[a] != nanos[b]) {
        return nanos[a] < nanos[b] ? -1 : 1;
      }
      return Long.compare(ids[a], ids[b]);
    }

    void sort(int[] order, int from, int to) {
      if (to - from <= SHORT) {
        insertion(order, from, to);
        return;
      }
      // by merging, on positions: a group of hundreds (a large pipeline's jobs) boxes nothing
      var a = Arrays.copyOfRange(order, from, to);
      var b = a.clone();
      merge(a, b, 0, a.length);
      System.arraycopy(b, 0, order, from, b.length);
    }

    /** Puts {@code to[lo, hi)} in order; {@code from[lo, hi)} holds the same and is worked in. */
    private void merge(int[] from, int[] to, int lo, int hi) {
      if (hi - lo <= SHORT) {
        insertion(to, lo, hi);
        return;
      }
      int mid = (lo + hi) >>> 1;
      merge(to, from, lo, mid);
      merge(to, from, mid, hi);
      for (int i = lo, p = lo, q = mid; i < hi; i++) {
        to[i] = q >= hi || (p < mid && compare(from[p], from[q]) <= 0) ? from[p++] : from[q++];
      }
    }

    private void insertion(int[] order, int from, int to) {
      for (int k = from + 1; k < to; k++) {
        int p = order[k];
        int j = k - 1;
        while (j >= from && compare(order[j], p) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = p;
      }
    }
  }
}
