package dev.runneriq.core.placement;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Identifies a job whose feasible runners were all busy: the runners that passed the filters that
 * do not read the load, and the job's key under the signature of the filters that shaped the answer
 * (those that rejected some runner, and those that read the load). Two jobs with equal busy keys
 * get the same answer on the same runners.
 */
final class BusyKey {
  private final long[] alive;
  private final JobSignature signature;
  private final Object key;
  private final int hash;

  BusyKey(Pool pool, Object key) {
    this.alive = pool.alive();
    this.signature = pool.shaping();
    this.key = key;
    this.hash = 31 * (31 * pool.aliveHash() + signature.hashCode()) + key.hashCode();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BusyKey k
        && k.hash == hash
        && k.signature == signature
        && Arrays.equals(k.alive, alive)
        && k.key.equals(key);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
