package dev.runneriq.app.serve;

import java.time.Duration;
import java.util.Arrays;

/**
 * The latest {@code capacity} latencies of some kind, for percentiles on request (nearest rank).
 * Thread-safe.
 */
public final class Latencies {
  private final long[] nanos;
  private long count;

  Latencies(int capacity) {
    this.nanos = new long[capacity];
  }

  synchronized void add(long latencyNanos) {
    nanos[(int) (count++ % nanos.length)] = latencyNanos;
  }

  /** Forgets what was recorded, e.g. what a start-up made slow. */
  public synchronized void reset() {
    count = 0;
  }

  /** How many were recorded in all. */
  public synchronized long count() {
    return count;
  }

  /** The {@code p}-th percentile (0–100) of those kept, or zero when none. */
  public synchronized Duration percentile(double p) {
    int n = (int) Math.min(count, nanos.length);
    if (n == 0) {
      return Duration.ZERO;
    }
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * n);
    return Duration.ofNanos(sorted[Math.max(0, Math.min(n - 1, rank - 1))]);
  }
}
