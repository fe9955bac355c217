package dev.runneriq.core.placement;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Identifies a job whose feasible runners were all busy: its verdicts and rejection keys. */
final class BusyKey {
  private final long[] alive;
  private final @Nullable Object[] rejectingKeys;
  private final int hash;

  BusyKey(long[] alive, @Nullable Object[] rejectingKeys) {
    this.alive = alive;
    this.rejectingKeys = rejectingKeys;
    this.hash = 31 * Arrays.hashCode(alive) + Arrays.hashCode(rejectingKeys);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BusyKey k
        && k.hash == hash
        && Arrays.equals(k.alive, alive)
        && Arrays.equals(k.rejectingKeys, rejectingKeys);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
