package dev.runneriq.core.engine;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.priority.Priority;
import java.util.Arrays;
import java.util.List;

/** A pending job with its priority, in the order of a cycle. */
record Ranked(int score, PendingJob job, Priority priority) {
  /** Highest score first, then the longest pending, then the lowest job id. */
  static int inOrder(Ranked a, Ranked b) {
    if (a.score != b.score) {
      return a.score > b.score ? -1 : 1;
    }
    int c = a.job.pendingSince().compareTo(b.job.pendingSince());
    return c != 0 ? c : Long.compare(a.job.id(), b.job.id());
  }

  /**
   * Sorts {@code ranked} {@link #inOrder in order}. The score and the second a job went pending are
   * packed into one number with the job's position, so a queue of 100,000 sorts as numbers, not by
   * comparing jobs; only jobs of the same score that went pending in the same second are then
   * compared. Where the numbers do not fit 63 bits, jobs are compared throughout.
   */
  static void sort(List<Ranked> ranked) {
    int n = ranked.size();
    if (n < 2) {
      return;
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (var r : ranked) {
      long s = r.job.pendingSince().getEpochSecond();
      first = Math.min(first, s);
      last = Math.max(last, s);
    }
    int indexBits = 64 - Long.numberOfLeadingZeros(n - 1L);
    int secondBits = 64 - Long.numberOfLeadingZeros(last - first);
    if (last - first < 0 || 7 + secondBits + indexBits > 63) {
      ranked.sort(Ranked::inOrder);
      return;
    }
    var keys = new long[n];
    for (int i = 0; i < n; i++) {
      var r = ranked.get(i);
      long second = r.job.pendingSince().getEpochSecond() - first;
      keys[i] = ((long) (100 - r.score) << (secondBits + indexBits)) | second << indexBits | i;
    }
    Arrays.sort(keys);
    long mask = (1L << indexBits) - 1;
    var sorted = new Ranked[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = ranked.get((int) (keys[i] & mask));
    }
    // the same score and second: the exact order within, by the instant and the id
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && keys[to] >>> indexBits == keys[from] >>> indexBits) {
        to++;
      }
      if (to - from > 1) {
        Arrays.sort(sorted, from, to, Ranked::inOrder);
      }
      from = to;
    }
    for (int i = 0; i < n; i++) {
      ranked.set(i, sorted[i]);
    }
  }
}
