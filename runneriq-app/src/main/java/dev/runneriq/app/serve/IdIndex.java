package dev.runneriq.app.serve;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Where each id of a list is, in two arrays: a follower looks up 100,000 jobs of the state it read
 * last while it reads the next, and a hash map of them would be 200,000 more objects for the
 * collector to copy during that read. Open addressing with linear probing; the first place of an id
 * that occurs more than once.
 */
final class IdIndex {
  private final long[] ids;
  private final int[] places;
  private final int mask;

  <T> IdIndex(List<T> items, ToLongFunction<T> id) {
    this(idsOf(items, id));
  }

  /** Where each of {@code keys} is. */
  IdIndex(long[] keys) {
    int capacity = Integer.highestOneBit(Math.max(2, keys.length * 2 - 1)) << 1;
    this.ids = new long[capacity];
    this.places = new int[capacity];
    this.mask = capacity - 1;
    Arrays.fill(places, -1);
    for (int i = 0; i < keys.length; i++) {
      long key = keys[i];
      int slot = slot(key);
      while (places[slot] >= 0 && ids[slot] != key) {
        slot = (slot + 1) & mask;
      }
      if (places[slot] < 0) {
        ids[slot] = key;
        places[slot] = i;
      }
    }
  }

  private static <T> long[] idsOf(List<T> items, ToLongFunction<T> id) {
    var out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id.applyAsLong(items.get(i));
    }
    return out;
  }

  /** The place of {@code key} in the list, or -1. */
  int of(long key) {
    for (int slot = slot(key); places[slot] >= 0; slot = (slot + 1) & mask) {
      if (ids[slot] == key) {
        return places[slot];
      }
    }
    return -1;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
