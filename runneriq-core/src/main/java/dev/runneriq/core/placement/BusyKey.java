package dev.runneriq.core.placement;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Identifies a job whose feasible runners were all busy: its verdicts, rejection keys and the keys
 * of the transient filters.
 */
final class BusyKey {
  private final long[] alive;
  private final @Nullable Object[] rejectingKeys;
  private final @Nullable Object[] transientKeys;
  private final int hash;

  /**
   * @param transientKeys the job keys of the transient filters: two jobs with equal keys get the
   *     same transient verdicts on the same runners
   */
  BusyKey(long[] alive, @Nullable Object[] rejectingKeys, @Nullable Object[] transientKeys) {
    this.alive = alive;
    this.rejectingKeys = rejectingKeys;
    this.transientKeys = transientKeys;
    this.hash =
        31 * (31 * Arrays.hashCode(alive) + Arrays.hashCode(rejectingKeys))
            + Arrays.hashCode(transientKeys);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BusyKey k
        && k.hash == hash
        && Arrays.equals(k.alive, alive)
        && Arrays.equals(k.rejectingKeys, rejectingKeys)
        && Arrays.equals(k.transientKeys, transientKeys);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
