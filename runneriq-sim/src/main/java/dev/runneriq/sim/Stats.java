package dev.runneriq.sim;

import java.util.Arrays;

/**
 * Summary of a group of durations in seconds: count, mean, nearest-rank percentiles and max.
 *
 * @param n how many values
 */
public record Stats(long n, double mean, double p50, double p95, double p99, double max) {
  public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0);

  /** Summarizes {@code ms} (milliseconds, any order; sorted in place) in seconds. */
  public static Stats ofMillis(long[] ms) {
    if (ms.length == 0) {
      return EMPTY;
    }
    Arrays.sort(ms);
    double sum = 0;
    for (long v : ms) {
      sum += v;
    }
    return new Stats(
        ms.length,
        sum / ms.length / 1000,
        nearestRank(ms, 50) / 1000.0,
        nearestRank(ms, 95) / 1000.0,
        nearestRank(ms, 99) / 1000.0,
        ms[ms.length - 1] / 1000.0);
  }

  /** The nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n). */
  public static long nearestRank(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
