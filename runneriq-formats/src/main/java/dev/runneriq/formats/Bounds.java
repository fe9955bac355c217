package dev.runneriq.formats;

import java.time.Instant;

/**
 * The ranges RunnerIQ's readers take for times, durations, speeds and slots: wider than any real
 * fleet needs, and narrow enough that no arithmetic on them overflows and no simulation runs
 * without end. A value outside is an error naming the field.
 */
public final class Bounds {
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** The longest duration (a job's run, a delay, a timeout): 30 days, in seconds. */
  public static final double MAX_DURATION_S = 30 * 86_400;

  /** How much faster or slower than the reference a runner may be. */
  public static final double MIN_SPEED = 0.01;

  public static final double MAX_SPEED = 100;

  /** The most jobs one runner may run at once. */
  public static final long MAX_CONCURRENCY = 10_000;

  private Bounds() {}

  /** Whether {@code t} lies from {@link #EARLIEST} to {@link #LATEST}. */
  public static boolean contains(Instant t) {
    return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
  }

  /** The range of times, in words, for error messages. */
  public static String timeRange() {
    return "between " + EARLIEST + " and " + LATEST;
  }
}
