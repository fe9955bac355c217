package dev.runneriq.sim;

import java.util.Arrays;

/** The number of pending jobs over time, sampled at most once per interval (the latest value). */
public final class Timeline {
  private final long intervalMs;
  private long[] times = new long[256];
  private int[] values = new int[256];
  private int size;

  Timeline(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  void record(long t, int value) {
    if (size > 0 && t - times[size - 1] < intervalMs) {
      if (value > values[size - 1]) {
        values[size - 1] = value;
      }
      return;
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    times[size] = t;
    values[size++] = value;
  }

  public int size() {
    return size;
  }

  /** Sample time, ms since the trace start. */
  public long timeMs(int i) {
    return times[i];
  }

  /** The most jobs pending within the sample's interval. */
  public int pending(int i) {
    return values[i];
  }
}
