package dev.runneriq.core.placement;

import java.util.Map;

/**
 * A map made once and never changed afterwards, in the order it was made: whoever keeps it may keep
 * {@link #frozen} instead of a copy. The jobs of a cycle that wait for the same busy runners share
 * one placement result, so their decisions share one rejection histogram.
 */
public interface Frozen<K, V> extends Map<K, V> {

  /** This map as an unmodifiable map in its order, the same instance at every call. */
  Map<K, V> frozen();
}
