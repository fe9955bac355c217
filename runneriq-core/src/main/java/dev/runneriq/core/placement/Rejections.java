package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rejection histogram of one placement (runners rejected per reason, most frequent first, ties
 * in filter order) and, per reason, the specifics of its first rejected runner. Both are made only
 * when read: placing a job in the simulator or in a large cycle never pays for a histogram no
 * explanation reads. Each is made once.
 */
final class Rejections {
  private final Filter[] filters;
  private final int[] counts;
  private final @Nullable Runner[] first;
  private final PendingJob job;

  /**
   * @param counts runners rejected per filter, in filter order
   * @param first per filter, the first runner it rejected (null where it rejected none)
   */
  Rejections(Filter[] filters, int[] counts, @Nullable Runner[] first, PendingJob job) {
    this.filters = filters;
    this.counts = counts;
    this.first = first;
    this.job = job;
  }

  /** Runners rejected per stable reason, most frequent first. */
  Map<String, Integer> counts() {
    return new Lazy<>(
        () -> {
          var out = new LinkedHashMap<String, Integer>();
          for (int f : order()) {
            out.merge(rejection(f).reason().text(), counts[f], Integer::sum);
          }
          return out;
        });
  }

  /** Per reason, the specifics of its first rejected runner, e.g. {@code "[gpu]"}. */
  Map<String, String> details() {
    return new Lazy<>(
        () -> {
          var out = new LinkedHashMap<String, String>();
          for (int f : order()) {
            var r = first[f];
            if (r != null) {
              out.putIfAbsent(rejection(f).reason().text(), rejection(f).detail().of(job, r));
            }
          }
          return out;
        });
  }

  /**
   * Filter {@code f}'s rejection of its first rejected runner: its reason names all it rejected.
   */
  private Verdict.Rejected rejection(int f) {
    var r = Objects.requireNonNull(first[f], "a runner rejected");
    if (filters[f].check(job, r) instanceof Verdict.Rejected rejected) {
      return rejected;
    }
    throw new IllegalStateException(
        "filter %s rejected runner %d, then accepted it: it reads more than it declares"
            .formatted(filters[f], r.id()));
  }

  /** Filters that rejected some runner, most rejections first, ties in filter order. */
  private int[] order() {
    int[] order = new int[counts.length];
    int used = 0;
    for (int f = 0; f < counts.length; f++) {
      if (counts[f] == 0) {
        continue;
      }
      int pos = used++;
      while (pos > 0 && counts[order[pos - 1]] < counts[f]) {
        order[pos] = order[pos - 1];
        pos--;
      }
      order[pos] = f;
    }
    return java.util.Arrays.copyOf(order, used);
  }

  /**
   * A map made on first read; by each thread that races to read it first (the maker gives equal
   * maps), then seen whole by every thread.
   */
  private static final class Lazy<K, V> extends AbstractMap<K, V> implements Frozen<K, V> {
    private final Supplier<Map<K, V>> maker;
    private volatile @Nullable Map<K, V> made;

    Lazy(Supplier<Map<K, V>> maker) {
      this.maker = maker;
    }

    private Map<K, V> made() {
      var m = made;
      if (m == null) {
        m = Collections.unmodifiableMap(maker.get());
        made = m;
      }
      return m;
    }

    @Override
    public @Nullable V get(@Nullable Object key) {
      return made().get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return made().containsKey(key);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
      return made().entrySet();
    }
  }
}
