package dev.runneriq.sim;

import java.util.Arrays;

/**
 * The simulator's future events: a min-heap by time (ms), ties in insertion order, holding an event
 * kind and an int argument. No boxing: a million jobs make a few million events.
 */
final class EventQueue {
  private long[] time = new long[1024];
  private long[] seq = new long[1024];
  private int[] kind = new int[1024];
  private int[] arg = new int[1024];
  private int size;
  private long next;

  boolean isEmpty() {
    return size == 0;
  }

  long peekTime() {
    return time[0];
  }

  int peekKind() {
    return kind[0];
  }

  int peekArg() {
    return arg[0];
  }

  void add(long t, int k, int a) {
    if (size == time.length) {
      int cap = size * 2;
      time = Arrays.copyOf(time, cap);
      seq = Arrays.copyOf(seq, cap);
      kind = Arrays.copyOf(kind, cap);
      arg = Arrays.copyOf(arg, cap);
    }
    long s = next++;
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!before(t, s, time[p], seq[p])) {
        break;
      }
      move(p, i);
      i = p;
    }
    set(i, t, s, k, a);
  }

  /** Removes the earliest event (read it first with the peek methods). */
  void poll() {
    int last = --size;
    long t = time[last];
    long s = seq[last];
    int k = kind[last];
    int a = arg[last];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < size && before(time[c + 1], seq[c + 1], time[c], seq[c])) {
        c++;
      }
      if (!before(time[c], seq[c], t, s)) {
        break;
      }
      move(c, i);
      i = c;
    }
    if (size > 0) {
      set(i, t, s, k, a);
    }
  }

  private static boolean before(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    seq[to] = seq[from];
    kind[to] = kind[from];
    arg[to] = arg[from];
  }

  private void set(int i, long t, long s, int k, int a) {
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }
}
