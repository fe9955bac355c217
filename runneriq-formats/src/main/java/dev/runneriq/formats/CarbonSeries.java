package dev.runneriq.formats;

import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Grid carbon intensity per zone over time ({@code runneriq.carbon/v1}): each value holds from its
 * timestamp until the next one of the same zone; before the first value the first holds, after the
 * last the last. Forecast rows ({@code kind=forecast}) are kept apart from the actual values, per
 * zone, with the time they were issued. Immutable.
 */
public final class CarbonSeries {
  static final long WEEK_S = Duration.ofDays(7).toSeconds();

  /** One zone's values: start times in epoch seconds, ascending, and gCO2/kWh. */
  record Zone(long[] starts, double[] values) {}

  /**
   * One zone's forecast rows, ordered by target time then issue time (epoch seconds); a row without
   * {@code issued_at} counts as issued at {@link Long#MIN_VALUE} (always known).
   */
  record Forecasts(long[] targets, long[] issued, double[] values) {}

  private final Map<String, Zone> zones;
  private final Map<String, Forecasts> forecasts;

  CarbonSeries(Map<String, Zone> zones) {
    this(zones, Map.of());
  }

  CarbonSeries(Map<String, Zone> zones, Map<String, Forecasts> forecasts) {
    this.zones = Collections.unmodifiableMap(new TreeMap<>(zones));
    this.forecasts = Collections.unmodifiableMap(new TreeMap<>(forecasts));
  }

  public static CarbonSeries empty() {
    return new CarbonSeries(Map.of());
  }

  /**
   * The actual values of {@code zone} whose period overlaps [from, to), in time order, at the
   * series' own times; empty for an unknown zone or an empty interval. The value in force at {@code
   * from} is included even when it began earlier; the last value holds on without end.
   */
  public List<CarbonReading> readings(String zone, Instant from, Instant to) {
    var z = zones.get(zone);
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    if (z == null || b <= a) {
      return List.of();
    }
    var out = new ArrayList<CarbonReading>();
    long[] starts = z.starts();
    for (int i = a < starts[0] ? 0 : index(z, a); i < starts.length && starts[i] < b; i++) {
      out.add(new CarbonReading(z.values()[i], Instant.ofEpochSecond(starts[i])));
    }
    return out;
  }

  /** Whether the files held forecast rows for {@code zone}. */
  public boolean hasForecasts(String zone) {
    return forecasts.containsKey(zone);
  }

  /**
   * The forecast of {@code zone} as it was known at {@code asOf}: for each target time in [from,
   * to), the value of the latest row issued at or before {@code asOf}; in time order. Empty when
   * the zone has no forecast rows.
   */
  public List<CarbonReading> forecast(String zone, Instant asOf, Instant from, Instant to) {
    var f = forecasts.get(zone);
    if (f == null) {
      return List.of();
    }
    long known = asOf.getEpochSecond();
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    long[] targets = f.targets();
    int i = Arrays.binarySearch(targets, a);
    if (i < 0) {
      i = -i - 1;
    }
    while (i > 0 && targets[i - 1] == a) {
      i--;
    }
    var out = new ArrayList<CarbonReading>();
    while (i < targets.length && targets[i] < b) {
      long target = targets[i];
      int best = -1;
      for (; i < targets.length && targets[i] == target; i++) {
        if (f.issued()[i] <= known) {
          best = i;
        }
      }
      if (best >= 0) {
        out.add(new CarbonReading(f.values()[best], Instant.ofEpochSecond(target)));
      }
    }
    return out;
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
      double pieceEnd = last ? toS : Math.min(toS, (double) starts[i + 1]);
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

  /** A value seen through a lens, e.g. a forecast with error: {@code (piece start, actual)}. */
  @FunctionalInterface
  public interface Lens {
    double value(long pieceStartS, double gco2PerKwh);
  }

  /**
   * The time-weighted mean over [fromS, toS) of {@code lens} applied to each piece of the series (a
   * piece is one value with its start); the value at {@code fromS} when the interval is empty.
   */
  public double mean(String zone, long fromS, long toS, Lens lens) {
    var z = zones.get(zone);
    if (z == null) {
      throw new IllegalArgumentException("no carbon series for zone " + zone);
    }
    long[] starts = z.starts();
    int i = index(z, fromS);
    if (toS <= fromS) {
      return lens.value(starts[i], z.values()[i]);
    }
    double sum = 0;
    long t = fromS;
    while (t < toS) {
      long end = i + 1 < starts.length ? Math.min(toS, starts[i + 1]) : toS;
      sum += lens.value(starts[i], z.values()[i]) * (end - t);
      t = end;
      i++;
    }
    return sum / (toS - fromS);
  }

  /** The first value's time of {@code zone}, epoch seconds. */
  public long firstS(String zone) {
    return zone(zone).starts()[0];
  }

  /** The end of {@code zone}'s last value, taken as one step after it, epoch seconds. */
  public long endS(String zone) {
    long[] s = zone(zone).starts();
    return s.length > 1 ? s[s.length - 1] + (s[s.length - 1] - s[s.length - 2]) : s[0] + 3600;
  }

  private Zone zone(String zone) {
    var z = zones.get(zone);
    if (z == null) {
      throw new IllegalArgumentException("no carbon series for zone " + zone);
    }
    return z;
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
