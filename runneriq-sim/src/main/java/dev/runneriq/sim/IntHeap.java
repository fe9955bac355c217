package dev.runneriq.sim;

import java.util.Arrays;

/** A binary min-heap of ints under a given order; no boxing. */
final class IntHeap {
  /** A strict order on ints. */
  @FunctionalInterface
  interface Order {
    boolean less(int a, int b);
  }

  /** Smaller index first: with jobs indexed by id, the oldest job first. */
  static final Order NATURAL = (a, b) -> a < b;

  private final Order order;
  private int[] items = new int[8];
  private int size;

  IntHeap(Order order) {
    this.order = order;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int peek() {
    if (size == 0) {
      throw new IllegalStateException("empty heap");
    }
    return items[0];
  }

  void add(int x) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!order.less(x, items[parent])) {
        break;
      }
      items[i] = items[parent];
      i = parent;
    }
    items[i] = x;
  }

  /** Removes every item {@code drop} accepts; linear in the heap's size. */
  void removeIf(java.util.function.IntPredicate drop) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!drop.test(items[i])) {
        items[kept++] = items[i];
      }
    }
    size = kept;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, items[i]);
    }
  }

  int poll() {
    int top = peek();
    int last = items[--size];
    if (size > 0) {
      siftDown(0, last);
    }
    return top;
  }

  /** Puts {@code x} at {@code i} or below, moving smaller children up. */
  private void siftDown(int i, int x) {
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < size && order.less(items[c + 1], items[c])) {
        c++;
      }
      if (!order.less(items[c], x)) {
        break;
      }
      items[i] = items[c];
      i = c;
    }
    items[i] = x;
  }
}
