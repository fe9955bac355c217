package dev.runneriq.core.placement;

import java.util.Arrays;

/**
 * The runners past the filters that do not read load, for jobs that agree on each of those filters'
 * keys: who passes them all, how many each rejected and the first it rejected, and the signature of
 * the filters that shaped the answer. Worked out once per combination of keys while the runners
 * change only in load, so that the 100,000 jobs of a cycle (a few thousand combinations) do not
 * each intersect the filters' verdicts on the whole fleet. Never changed once made; {@link #alive}
 * is shared by the busy verdicts and rankings keyed by it.
 *
 * @param alive the runners that pass every such filter, one bit each
 * @param aliveHash {@code Arrays.hashCode(alive)}
 * @param counts per such filter, in their order, the runners it rejected (those before it passed)
 * @param first per such filter, the first runner it rejected, or -1
 * @param shaping the signature of the filters that read load and of those that rejected a runner
 */
record Pool(long[] alive, int aliveHash, int[] counts, int[] first, JobSignature shaping) {

  /** The pool of a job whose filters passed {@code alive}. */
  static Pool of(long[] alive, int[] counts, int[] first, JobSignature shaping) {
    return new Pool(alive, Arrays.hashCode(alive), counts, first, shaping);
  }
}
