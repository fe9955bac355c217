package dev.runneriq.carbon;

import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Time arithmetic shared by the providers: which readings cover an interval, and chunking. */
final class Periods {
  private Periods() {}

  /** An interval [from, to). */
  record Window(Instant from, Instant to) {}

  /**
   * The readings whose period overlaps [from, to), in time order. A reading holds from its time
   * until the next reading's, the last one for {@code step}; so the reading in force at {@code
   * from} is included even when it began earlier.
   */
  static List<CarbonReading> overlapping(
      List<CarbonReading> readings, Instant from, Instant to, Duration step) {
    var sorted = new ArrayList<>(readings);
    sorted.sort(Comparator.comparing(CarbonReading::at));
    var out = new ArrayList<CarbonReading>();
    for (int i = 0; i < sorted.size(); i++) {
      var r = sorted.get(i);
      Instant end = i + 1 < sorted.size() ? sorted.get(i + 1).at() : r.at().plus(step);
      if (r.at().isBefore(to) && end.isAfter(from)) {
        out.add(r);
      }
    }
    return out;
  }

  /** [from, to) cut into consecutive windows of at most {@code max}; empty when to <= from. */
  static List<Window> split(Instant from, Instant to, Duration max) {
    var out = new ArrayList<Window>();
    for (Instant a = from; a.isBefore(to); a = a.plus(max)) {
      Instant b = a.plus(max);
      out.add(new Window(a, b.isBefore(to) ? b : to));
    }
    return out;
  }
}
