package dev.runneriq.core.placement;

import dev.runneriq.core.model.Tier;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Identifies a kind of job that shares a {@link Ranking}: the runners past the filters that do not
 * read load, the job's key under the signature of those that do, and its tier. A key made to look
 * one up reads the placement's scratch set of runners; the one kept holds its own copy.
 */
final class RankingKey {
  private final long[] alive;
  private final Object key;
  private final Tier tier;
  private final int hash;

  RankingKey(long[] alive, Object key, Tier tier) {
    this.alive = alive;
    this.key = key;
    this.tier = tier;
    this.hash = 31 * (31 * Arrays.hashCode(alive) + key.hashCode()) + tier.hashCode();
  }

  /** This key with a copy of the runners, to be kept while the scratch set changes. */
  RankingKey kept() {
    return new RankingKey(alive.clone(), key, tier);
  }

  long[] alive() {
    return alive;
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
