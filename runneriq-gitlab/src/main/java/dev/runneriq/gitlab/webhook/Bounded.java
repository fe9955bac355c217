package dev.runneriq.gitlab.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that forget their eldest entry past a capacity: the webhook side's only memory bound. */
final class Bounded {
  private Bounded() {}

  /** A map of at most {@code capacity} entries, in the order they were put. */
  static <K, V> Map<K, V> map(int capacity, String key) {
    if (capacity < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, but was " + capacity);
    }
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
