package dev.runneriq.core.priority;

import org.jspecify.annotations.Nullable;

/**
 * The waiting-time line of a priority: aging points toward the common ceiling (toward 100 for a
 * CRITICAL job) and how long the job has been pending, in words to the unit they are said in. Jobs
 * pending alike share one line, worded once; {@link #line} puts what a line says into one number,
 * so that a cycle can tell whether a job's line moved without making it. Thread-safe.
 */
final class WaitingLines {
  /** {@link #line}: the job has no waiting-time line. */
  static final long NO_LINE = -1;

  /** {@link #line}: a line that is not put into a number. */
  static final long UNKEYED = -2;

  private final PriorityPolicy policy;

  /** The lines of a cycle, by what they say. */
  private final Memo<Waited, Factor> lines;

  /** A waiting-time line: its points, and the waiting time to the unit it is said in. */
  private record Waited(int points, long seconds) {}

  WaitingLines(PriorityPolicy policy, int kept) {
    this.policy = policy;
    this.lines =
        new Memo<>(
            kept,
            w ->
                new Factor(
                    Analyzer.WAITING,
                    w.points(),
                    "pending " + Durations.words((double) w.seconds())));
  }

  /**
   * Aging points after {@code pendingMillis}, for a job whose other factors sum to {@code before}:
   * toward the common ceiling for a job that is not CRITICAL, toward 100 for one that is.
   */
  int points(long pendingMillis, int before) {
    int target = before >= policy.tiers().critical() ? 100 : policy.aging().ceiling();
    return policy.aging().points(pendingMillis, before, target);
  }

  /** The line of a job whose other lines sum to {@code before}, or null when it has none. */
  @Nullable Factor factor(long pendingMillis, int before) {
    int points = points(pendingMillis, before);
    if (!says(points, pendingMillis)) {
      return null;
    }
    return lines.get(new Waited(points, granule(pendingMillis)));
  }

  /**
   * What the line of a job whose other lines sum to {@code before} says after {@code
   * pendingMillis}, as one number: equal numbers, the same line ({@link #NO_LINE} when there is
   * none, {@link #UNKEYED} when the line does not fit a number and must be worked out).
   */
  long line(long pendingMillis, int before) {
    int points = points(pendingMillis, before);
    if (!says(points, pendingMillis)) {
      return NO_LINE;
    }
    long granule = granule(pendingMillis);
    if (points < Short.MIN_VALUE || points > Short.MAX_VALUE || granule >= 1L << 46) {
      return UNKEYED;
    }
    return granule << 16 | (points - Short.MIN_VALUE);
  }

  /** Whether a job gets a waiting-time line: once it earns points, or has waited a minute. */
  private static boolean says(int points, long pendingMillis) {
    return points > 0 || pendingMillis >= 60_000;
  }

  /** The waiting time to the unit it is said in. */
  private static long granule(long pendingMillis) {
    double minutes = Math.max(0, pendingMillis) / 60_000.0;
    return Durations.granule(minutes * 60);
  }
}
