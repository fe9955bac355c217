package dev.runneriq.core.placement;

import dev.runneriq.core.model.Tier;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Identifies a kind of job that shares a {@link Ranking}: the runners past the filters that do not
 * read load (a {@link Pool}'s, never changed), the job's key under the signature of those that do,
 * and its tier.
 */
final class RankingKey {
  private final long[] alive;
  private final Object key;
  private final Tier tier;
  private final int hash;

  RankingKey(Pool pool, Object key, Tier tier) {
    this.alive = pool.alive();
    this.key = key;
    this.tier = tier;
    this.hash = 31 * (31 * pool.aliveHash() + key.hashCode()) + tier.hashCode();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RankingKey k
        && k.hash == hash
        && k.tier == tier
        && Arrays.equals(k.alive, alive)
        && k.key.equals(key);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
