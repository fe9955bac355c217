package dev.runneriq.core.carbon;

import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.util.List;

/**
 * A step function of carbon intensity over time: each reading holds from its {@code at} until the
 * next one; before the first reading the first value holds, after the last the last value holds.
 * Also the emissions of a job: intensity integrated over its run interval (docs/formats/carbon.md).
 */
public final class Intensity {
  private final long[] starts;
  private final double[] values;

  /**
   * @param readings in time order, not empty
   */
  public Intensity(List<CarbonReading> readings) {
    if (readings.isEmpty()) {
      throw new IllegalArgumentException("an intensity series needs at least one reading");
    }
    starts = new long[readings.size()];
    values = new double[readings.size()];
    for (int i = 0; i < readings.size(); i++) {
      starts[i] = readings.get(i).at().getEpochSecond();
      values[i] = readings.get(i).gco2PerKwh();
      if (i > 0 && starts[i] < starts[i - 1]) {
        throw new IllegalArgumentException("readings must be in time order");
      }
    }
  }

  /** The intensity at {@code t}, g/kWh. */
  public double at(Instant t) {
    return values[indexAt(t.getEpochSecond())];
  }

  private int indexAt(long s) {
    int lo = 0;
    int hi = starts.length - 1;
    if (s < starts[0]) {
      return 0;
    }
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= s) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * The time-weighted mean intensity over [from, to), g/kWh; the value at {@code from} if empty.
   */
  public double mean(Instant from, Instant to) {
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    if (b <= a) {
      return values[indexAt(a)];
    }
    return integral(a, b) / (b - a);
  }

  /** The integral of intensity over [a, b) in g/kWh·s. */
  private double integral(long a, long b) {
    double sum = 0;
    int i = indexAt(a);
    long t = a;
    while (t < b) {
      long next = i + 1 < starts.length ? Math.max(starts[i + 1], t) : Long.MAX_VALUE;
      long end = Math.min(next, b);
      sum += values[i] * (end - t);
      t = end;
      if (i + 1 < starts.length) {
        i++;
      }
    }
    return sum;
  }

  /** Energy in kWh of a slot drawing {@code watts} for the seconds of [from, to). */
  public static double energyKwh(double watts, Instant from, Instant to) {
    return watts * Math.max(0, to.getEpochSecond() - from.getEpochSecond()) / 3.6e6;
  }

  /** Emissions in kg CO2e of a slot drawing {@code watts} over [from, to). */
  public double emissionsKg(double watts, Instant from, Instant to) {
    long a = from.getEpochSecond();
    long b = to.getEpochSecond();
    if (b <= a) {
      return 0;
    }
    return watts * integral(a, b) / 3.6e6 / 1000;
  }
}
