package dev.runneriq.core.priority;

/** Short human durations for explanations: {@code 45s}, {@code 2m}, {@code 1h05m}, {@code 2d3h}. */
public final class Durations {
  private Durations() {}

  /**
   * {@code seconds} cut to the unit {@link #words} shows them in (seconds under a minute, minutes
   * under two days, hours past that): {@code words(granule(s))} is {@code words(s)}, so it keys
   * what is said of a duration without saying it.
   */
  public static long granule(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return s;
    }
    long m = s / 60;
    return m < 48 * 60 ? m * 60 : m / 60 * 3600;
  }

  public static String words(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 48) {
      long rest = m % 60;
      return rest == 0 ? h + "h" : String.format("%dh%02dm", h, rest);
    }
    return h / 24 + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
  }
}
