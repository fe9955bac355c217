package dev.runneriq.core.placement;

import java.util.Arrays;

/**
 * The runners past the filters that do not read load, for jobs that agree on each of those filters'
 * verdicts: who passes them all, how many each rejected and the first it rejected, and the
 * signature of the filters that shaped the answer. Worked out once per combination of verdicts
 * while the runners change only in load, so that the 100,000 jobs of a cycle (a few thousand
 * combinations) do not each intersect the filters' verdicts on the whole fleet. Never changed once
 * made; {@link #alive} is shared by the busy verdicts and rankings keyed by it.
 *
 * @param alive the runners that pass every such filter, one bit each
 * @param aliveHash {@code Arrays.hashCode(alive)}
 * @param counts per such filter, in their order, the runners it rejected (those before it passed)
 * @param first per such filter, the first runner it rejected, or -1
 * @param shaping the signature of the filters that read load and of those that rejected a runner
 */
record Pool(long[] alive, int aliveHash, int[] counts, int[] first, JobSignature shaping) {

  /**
   * The pool of jobs whose verdicts are {@code passes}, one per filter of {@code filters}: their
   * intersection with {@code everyone}, who each rejected first among those the filters before it
   * passed, and {@code base} joined with the signatures of the filters that rejected any.
   */
  static Pool of(long[] everyone, long[][] passes, Filter[] filters, JobSignature base) {
    long[] alive = everyone.clone();
    int[] counts = new int[filters.length];
    int[] first = new int[filters.length];
    JobSignature shaping = base;
    for (int f = 0; f < filters.length; f++) {
      long[] pass = passes[f];
      first[f] = -1;
      for (int w = 0; w < alive.length; w++) {
        long rejected = alive[w] & ~pass[w];
        if (rejected != 0) {
          counts[f] += Long.bitCount(rejected);
          if (first[f] < 0) {
            first[f] = w * 64 + Long.numberOfTrailingZeros(rejected);
          }
          alive[w] &= pass[w];
        }
      }
      if (counts[f] > 0) {
        shaping = shaping.and(((Signed) filters[f]).signature());
      }
    }
    return new Pool(alive, Arrays.hashCode(alive), counts, first, shaping);
  }
}
