package dev.runneriq.formats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Grid carbon intensity per zone over time ({@code runneriq.carbon/v1}): each value holds from its
 * timestamp until the next one of the same zone; before the first value the first holds, after the
 * last the last. Immutable.
 */
public final class CarbonSeries {
  static final long WEEK_S = Duration.ofDays(7).toSeconds();

  /** One zone's values: start times in epoch seconds, ascending, and gCO2/kWh. */
  record Zone(long[] starts, double[] values) {}

  private final Map<String, Zone> zones;

  CarbonSeries(Map<String, Zone> zones) {
    this.zones = Collections.unmodifiableMap(new TreeMap<>(zones));
  }

  public static CarbonSeries empty() {
    return new CarbonSeries(Map.of());
  }

  public Set<String> zones() {
    return zones.keySet();
  }

  public boolean has(String zone) {
    return zones.containsKey(zone);
  }

  /** Earliest timestamp over all zones; null-free: {@link Instant#EPOCH} when empty. */
  public Instant start() {
    return Instant.ofEpochSecond(
        zones.values().stream().mapToLong(z -> z.starts()[0]).min().orElse(0));
  }

  /** The end of the common coverage: the latest first-hour start plus one hour. */
  public Instant end() {
    return Instant.ofEpochSecond(
        zones.values().stream()
            .mapToLong(z -> z.starts()[z.starts().length - 1] + 3600)
            .min()
            .orElse(0));
  }

  /** Intensity of {@code zone} at {@code epochS}, gCO2/kWh. */
  public double at(String zone, long epochS) {
    var z = zones.get(zone);
    if (z == null) {
      throw new IllegalArgumentException("no carbon series for zone " + zone);
    }
    return z.values()[index(z, epochS)];
  }

  private static int index(Zone z, long epochS) {
    int i = Arrays.binarySearch(z.starts(), epochS);
    if (i < 0) {
      i = -i - 2;
    }
    return Math.max(0, i);
  }

  /**
   * Emissions of a load of {@code watts} over {@code [fromS, toS)} (epoch seconds, fractional), in
   * kg: the sum over the interval's pieces of {@code watts * seconds / 3.6e6 * gco2_per_kwh /
   * 1000}.
   */
  public double kgCo2(String zone, double watts, double fromS, double toS) {
    var z = zones.get(zone);
    if (z == null || !(toS > fromS)) {
      return 0;
    }
    long[] starts = z.starts();
    double[] values = z.values();
    int i = index(z, (long) Math.floor(fromS));
    double grams = 0;
    double t = fromS;
    while (t < toS) {
      boolean last = i + 1 >= starts.length;
      double pieceEnd = last ? toS : Math.min(toS, starts[i + 1]);
      if (pieceEnd > t) {
        grams += watts * (pieceEnd - t) / 3.6e6 * values[i];
        t = pieceEnd;
      }
      if (last) {
        break;
      }
      i++;
    }
    return grams / 1000;
  }

  /**
   * The whole-week shift that maps {@code [from, to]} into this series, keeping weekday and hour of
   * day: 0 when the interval is covered; otherwise the same calendar date in the series' year,
   * rounded to whole weeks, moved by a week at a time until it fits (or as close as it gets).
   */
  public long shiftWeeks(Instant from, Instant to) {
    if (zones.isEmpty()) {
      return 0;
    }
    long s = start().getEpochSecond();
    long e = end().getEpochSecond();
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    if (a >= s && b <= e) {
      return 0;
    }
    int seriesYear = start().atZone(ZoneOffset.UTC).getYear();
    var fromUtc = from.atZone(ZoneOffset.UTC);
    long sameDate = fromUtc.withYear(seriesYear).toEpochSecond();
    long k = Math.round((double) (sameDate - a) / WEEK_S);
    for (int guard = 0; guard < 60; guard++) {
      if (a + k * WEEK_S < s) {
        k++;
      } else if (b + k * WEEK_S > e && a + (k - 1) * WEEK_S >= s) {
        k--;
      } else {
        break;
      }
    }
    return k;
  }
}
