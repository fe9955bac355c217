package dev.runneriq.store;

import dev.runneriq.formats.Printable;
import dev.runneriq.optimizer.LearnedState.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A job's latest durations as the {@code samples} column holds them: oldest first, each its
 * duration in seconds and the epoch milliseconds it ended, {@code "61.5@1764489600000,58.0@…"}; the
 * empty string when there is none (see {@code V3__learned.sql}).
 */
final class LearnedSamples {
  private LearnedSamples() {}

  static String write(List<Sample> samples) {
    var out = new StringBuilder(samples.size() * 24);
    for (var s : samples.stream().sorted(Comparator.comparing(Sample::at)).toList()) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      out.append(s.durationS()).append('@').append(s.at().toEpochMilli());
    }
    return out.toString();
  }

  /**
   * The samples {@code text} holds.
   *
   * @throws IllegalArgumentException naming the first sample that is not a duration (finite, 0 or
   *     more seconds), an {@code @} and whole epoch milliseconds
   */
  static List<Sample> read(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    var parts = text.split(",", -1);
    var out = new ArrayList<Sample>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      out.add(sample(parts[i], i + 1));
    }
    return out;
  }

  private static Sample sample(String part, int n) {
    int at = part.indexOf('@');
    if (at < 0) {
      throw bad(n, part, "no @ between duration_s and at_ms");
    }
    double seconds;
    long ms;
    try {
      seconds = Double.parseDouble(part.substring(0, at));
      ms = Long.parseLong(part.substring(at + 1));
    } catch (NumberFormatException e) {
      throw bad(n, part, "not a number of seconds @ epoch milliseconds");
    }
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw bad(n, part, "a duration must be finite and 0 or more seconds");
    }
    return new Sample(seconds, Instant.ofEpochMilli(ms));
  }

  private static IllegalArgumentException bad(int n, String part, String why) {
    return new IllegalArgumentException(
        "sample " + n + " \"" + Printable.clip(part) + "\" is not duration_s@at_ms: " + why);
  }
}
