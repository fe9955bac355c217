package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The permanent filters' verdicts on one fleet, one bit per runner (1 = passes), kept per {@link
 * Filter#jobKey} and evaluated only on the runners a filter {@link Filter#constrains constrains}.
 * Valid while the runners differ only in their running counts; {@link #reset} starts over.
 */
final class FilterVerdicts {
  private final Filter[] permanent;
  private final int maxKeys;
  private final List<Map<Object, long[]>> byFilter = new ArrayList<>();
  private long[][] constrained;
  private long[] everyone = new long[0];

  FilterVerdicts(Filter[] permanent, int maxKeys) {
    this.permanent = permanent;
    this.maxKeys = maxKeys;
    for (int f = 0; f < permanent.length; f++) {
      byFilter.add(new HashMap<>());
    }
    this.constrained = new long[permanent.length][0];
  }

  /** Every runner's bit set. */
  long[] everyone() {
    return everyone;
  }

  /** Forgets every verdict and learns which runners each filter constrains. */
  void reset(List<Runner> runners) {
    byFilter.forEach(Map::clear);
    int n = runners.size();
    int words = (n + 63) / 64;
    everyone = new long[words];
    for (int i = 0; i < n; i++) {
      everyone[i >> 6] |= 1L << i;
    }
    constrained = new long[permanent.length][words];
    for (int f = 0; f < permanent.length; f++) {
      for (int i = 0; i < n; i++) {
        if (permanent[f].constrains(runners.get(i))) {
          constrained[f][i >> 6] |= 1L << i;
        }
      }
    }
  }

  /** Filter {@code f}'s verdicts for jobs with {@code key}. */
  long[] passes(int f, Object key, PendingJob job, List<Runner> runners) {
    var cache = byFilter.get(f);
    long[] pass = cache.get(key);
    if (pass == null) {
      pass = everyone.clone();
      long[] check = constrained[f];
      for (int w = 0; w < check.length; w++) {
        for (long bits = check[w]; bits != 0; bits &= bits - 1) {
          int i = w * 64 + Long.numberOfTrailingZeros(bits);
          if (!permanent[f].accepts(job, runners.get(i))) {
            pass[w] &= ~(1L << i);
          }
        }
      }
      if (cache.size() >= maxKeys) {
        cache.clear();
      }
      cache.put(key, pass);
    }
    return pass;
  }
}
