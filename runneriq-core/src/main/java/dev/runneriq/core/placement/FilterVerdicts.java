package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts on one fleet of the filters that do not read the runners' load, one bit per runner
 * (1 = passes), kept per key of the filter's declared {@link JobSignature} and checked only on the
 * runners the filter {@link Signed#canReject can reject}. Valid while the runners differ only in
 * their running counts; {@link #reset} starts over. Verdicts are interned: keys with the same
 * verdict on every runner get the same array, so its identity stands for the verdict.
 */
final class FilterVerdicts {
  private final Filter[] filters;
  private final Signed[] declared;
  private final JobSignature[] signatures;

  /** Bytes a filter's verdicts may take before starting over, however many keys that makes. */
  private static final long BYTES_PER_FILTER = 8L << 20;

  /** What a key costs beside its bit set, about: the map's entry and the key. */
  private static final long BYTES_PER_KEY = 96;

  private final int minKeys;
  private int maxKeys;
  private final List<Map<Object, long[]>> byFilter = new ArrayList<>();
  private long[][] checked;
  private long[] everyone = new long[0];

  /** One array per distinct verdict seen since the last reset, per filter. */
  private final List<Map<Verdicts, long[]>> distinct = new ArrayList<>();

  /** A verdict as a key: equal when every runner's bit is. */
  private record Verdicts(long[] bits, int hash) {
    Verdicts(long[] bits) {
      this(bits, Arrays.hashCode(bits));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Verdicts v && v.hash == hash && Arrays.equals(v.bits, bits);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * @param declared what each of {@code filters} reads; none reads the load
   * @param minKeys keys kept per filter at the least: on a small fleet as many more as fit in 8 MB
   *     of verdicts (a filter keyed by a job's run time meets thousands of keys in a large queue)
   */
  FilterVerdicts(Filter[] filters, Signed[] declared, int minKeys) {
    this.filters = filters;
    this.declared = declared;
    this.signatures = new JobSignature[filters.length];
    this.minKeys = minKeys;
    this.maxKeys = minKeys;
    for (int f = 0; f < filters.length; f++) {
      signatures[f] = declared[f].signature();
      byFilter.add(new HashMap<>());
      distinct.add(new HashMap<>());
    }
    this.checked = new long[filters.length][0];
  }

  /** Every runner's bit set. */
  long[] everyone() {
    return everyone;
  }

  /** Forgets every verdict and learns on which runners each filter can reject. */
  void reset(List<Runner> runners) {
    byFilter.forEach(Map::clear);
    distinct.forEach(Map::clear);
    int n = runners.size();
    int words = (n + 63) / 64;
    everyone = new long[words];
    maxKeys = (int) Math.max(minKeys, BYTES_PER_FILTER / (BYTES_PER_KEY + 8L * words));
    for (int i = 0; i < n; i++) {
      everyone[i >> 6] |= 1L << i;
    }
    checked = new long[filters.length][words];
    for (int f = 0; f < filters.length; f++) {
      for (int i = 0; i < n; i++) {
        if (declared[f].canReject(runners.get(i))) {
          checked[f][i >> 6] |= 1L << i;
        }
      }
    }
  }

  /** What filter {@code f}'s verdicts on {@code job} are kept under. */
  Object key(int f, PendingJob job) {
    return signatures[f].key(job);
  }

  /** Filter {@code f}'s verdicts for jobs with {@code key}, the key of {@code job}. */
  long[] passes(int f, Object key, PendingJob job, List<Runner> runners) {
    var cache = byFilter.get(f);
    long[] pass = cache.get(key);
    if (pass == null) {
      pass = everyone.clone();
      long[] check = checked[f];
      for (int w = 0; w < check.length; w++) {
        for (long bits = check[w]; bits != 0; bits &= bits - 1) {
          int i = w * 64 + Long.numberOfTrailingZeros(bits);
          if (filters[f].check(job, runners.get(i)) != Verdict.ACCEPT) {
            pass[w] &= ~(1L << i);
          }
        }
      }
      if (cache.size() >= maxKeys) {
        cache.clear();
        distinct.get(f).clear();
      }
      pass = distinct.get(f).computeIfAbsent(new Verdicts(pass), Verdicts::bits);
      cache.put(key, pass);
    }
    return pass;
  }
}
