package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet's {@link Pool pools}: the verdicts of the filters that do not read load, kept per key
 * ({@link FilterVerdicts}), and a pool per combination of those verdicts. Valid while the runners
 * differ only in their running counts; {@link #reset} starts over. Not thread-safe.
 */
final class Pools {
  /** Combinations of verdicts whose {@link Pool} is kept, before starting over. */
  private static final int MAX_POOLS = 8192;

  private final Filter[] permanent;
  private final JobSignature base;
  private final FilterVerdicts verdicts;
  private final Map<List<long[]>, Pool> pools = new HashMap<>();

  /**
   * @param permanent the filters that do not read load, each declaring its signature
   * @param base the signature every pool's shaping starts from (the load-reading filters')
   * @param minKeys keys of verdicts kept per filter at the least
   */
  Pools(Filter[] permanent, JobSignature base, int minKeys) {
    this.permanent = permanent;
    this.base = base;
    this.verdicts =
        new FilterVerdicts(
            permanent,
            Arrays.stream(permanent).map(Signed.class::cast).toArray(Signed[]::new),
            minKeys);
  }

  /** Forgets every verdict and pool: {@code runners} changed beyond their loads. */
  void reset(List<Runner> runners) {
    verdicts.reset(runners);
    pools.clear();
  }

  /** The words of a set of runner positions. */
  int words() {
    return verdicts.everyone().length;
  }

  /** The runners past the filters that do not read load, for jobs with {@code job}'s keys. */
  Pool of(PendingJob job, List<Runner> runners) {
    var passes = new long[permanent.length][];
    for (int f = 0; f < passes.length; f++) {
      passes[f] = verdicts.passes(f, verdicts.key(f, job), job, runners);
    }
    // the verdicts are interned: one array per distinct verdict, so the arrays' identities key
    // the pool (jobs of thousands of run times share the few verdicts of the fleet's timeouts)
    List<long[]> tuple = Arrays.asList(passes);
    var pool = pools.get(tuple);
    if (pool == null) {
      if (pools.size() >= MAX_POOLS) {
        pools.clear();
      }
      pool = Pool.of(verdicts.everyone(), passes, permanent, base);
      pools.put(tuple, pool);
    }
    return pool;
  }
}
