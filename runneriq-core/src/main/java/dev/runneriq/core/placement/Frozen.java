package dev.runneriq.core.placement;

import java.util.Map;

/**
 * An unmodifiable map that never changes once made, in the order it was made (perhaps only when
 * first read, by a function that gives the same map whenever it runs): whoever keeps it may keep it
 * as it is instead of a copy. The jobs of a cycle that wait for the same busy runners share one
 * placement result, so their decisions share one rejection histogram, made only if read.
 */
public interface Frozen<K, V> extends Map<K, V> {

  /**
   * An unmodifiable copy of {@code map}, in its order, itself frozen: kept as it is from then on.
   */
  static <K, V> Frozen<K, V> copyOf(Map<K, V> map) {
    return map instanceof Frozen<K, V> frozen ? frozen : new FrozenCopy<>(map);
  }
}
