package dev.runneriq.core.placement;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Pool}'s runners and what else a kept answer rests on. Two uses:
 *
 * <ul>
 *   <li>a busy verdict: the pool's shaping signature and the job's key under it (the filters that
 *       rejected some runner, and those that read the load) — two jobs with equal keys get the same
 *       answer on the same runners;
 *   <li>a {@link Ranking}: the job's key under the signature of the filters that read load, and its
 *       tier.
 * </ul>
 */
final class PoolKey {
  private final long[] alive;
  private final Object first;
  private final Object second;
  private final int hash;

  private PoolKey(Pool pool, Object first, Object second) {
    this.alive = pool.alive();
    this.first = first;
    this.second = second;
    this.hash = 31 * (31 * pool.aliveHash() + first.hashCode()) + second.hashCode();
  }

  /** The key of a busy verdict for a job whose key under the pool's shaping signature is given. */
  static PoolKey busy(Pool pool, Object shapedKey) {
    return new PoolKey(pool, pool.shaping(), shapedKey);
  }

  /**
   * The key of the ranking of jobs with {@code key} under the load-reading filters and {@code
   * tier}.
   */
  static PoolKey ranking(Pool pool, Object key, Object tier) {
    return new PoolKey(pool, key, tier);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PoolKey k
        && k.hash == hash
        && Arrays.equals(k.alive, alive)
        && k.first.equals(first)
        && k.second.equals(second);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
