package dev.runneriq.sim.carbon;

import dev.runneriq.formats.CarbonSeries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The temporal-shifting experiment of Wiesner et al., "Let's Wait Awhile" (Middleware '21): a job
 * of fixed length runs every day of a series at the same hour (UTC), or anywhere within ±W hours of
 * it (inside the series). For each zone and window this measures how much of the emissions of
 * running at the fixed hour are saved by starting at the greenest time, once with perfect knowledge
 * and once choosing by a forecast with error (the saving is always measured on the actual series).
 *
 * <p>Start times are tried every {@link #STEP_S} seconds from the fixed hour. Savings are over the
 * whole series: {@code 1 - sum(chosen) / sum(fixed)} of the job's mean intensity, which for a job
 * of constant power is the share of its emissions saved. Ties go to the start nearest the fixed
 * hour, then the earlier.
 */
public final class ShiftStudy {
  public static final long STEP_S = 300;
  private static final long DAY_S = 86_400;

  /**
   * One zone and window.
   *
   * @param days the days whose job fits in the series
   * @param fixedGPerKwh the mean intensity of the job at the fixed hour, over the days
   * @param perfectPct saving with perfect knowledge, percent of the fixed-hour emissions
   * @param forecastPct saving when choosing by the forecast, percent (may be negative)
   */
  public record Saving(int days, double fixedGPerKwh, double perfectPct, double forecastPct) {
    /** kg CO2 saved over all days with perfect knowledge by a job drawing {@code watts}. */
    public double perfectKg(double watts, long jobS) {
      return kg(perfectPct, watts, jobS);
    }

    public double forecastKg(double watts, long jobS) {
      return kg(forecastPct, watts, jobS);
    }

    private double kg(double pct, double watts, long jobS) {
      double kwhPerJob = watts * jobS / 3.6e6;
      return fixedGPerKwh * days * kwhPerJob * pct / 100 / 1000;
    }
  }

  private ShiftStudy() {}

  /**
   * @param atS the fixed start as seconds after midnight UTC
   * @param windowsH windows in whole hours, each 0 or more
   * @return per zone (in the order given), per window (in the order given)
   */
  public static Map<String, Map<Integer, Saving>> run(
      CarbonSeries series,
      List<String> zones,
      long jobS,
      long atS,
      List<Integer> windowsH,
      ForecastError error) {
    if (jobS <= 0) {
      throw new IllegalArgumentException("the job must last at least a second");
    }
    var out = new LinkedHashMap<String, Map<Integer, Saving>>();
    for (String zone : zones) {
      var perWindow = new LinkedHashMap<Integer, Saving>();
      for (int w : windowsH) {
        perWindow.put(w, zone(series, zone, jobS, atS, w * 3600L, error));
      }
      out.put(zone, perWindow);
    }
    return out;
  }

  private static Saving zone(
      CarbonSeries s, String zone, long jobS, long atS, long windowS, ForecastError error) {
    long first = s.firstS(zone);
    long end = s.endS(zone);
    long day = Math.floorDiv(first, DAY_S) * DAY_S;
    double fixed = 0;
    double perfect = 0;
    double forecast = 0;
    int days = 0;
    for (; day + atS + jobS <= end; day += DAY_S) {
      long t0 = day + atS;
      if (t0 < first) {
        continue;
      }
      long issued = t0 - windowS;
      double base = s.mean(zone, t0, t0 + jobS, (p, v) -> v);
      double bestActual = base;
      double bestForecast = Double.MAX_VALUE;
      double actualAtBestForecast = base;
      long lo = Math.max(t0 - windowS, first);
      long hi = Math.min(t0 + windowS, end - jobS);
      // outwards from the fixed hour, the earlier start first at equal distance
      for (long d = 0; d <= windowS; d += STEP_S) {
        for (long start : d == 0 ? new long[] {t0} : new long[] {t0 - d, t0 + d}) {
          if (start < lo || start > hi) {
            continue;
          }
          double actual = s.mean(zone, start, start + jobS, (p, v) -> v);
          double predicted =
              s.mean(zone, start, start + jobS, (p, v) -> error.forecast(v, zone, issued, p));
          if (actual < bestActual) {
            bestActual = actual;
          }
          if (predicted < bestForecast) {
            bestForecast = predicted;
            actualAtBestForecast = actual;
          }
        }
      }
      fixed += base;
      perfect += bestActual;
      forecast += actualAtBestForecast;
      days++;
    }
    if (days == 0 || fixed <= 0) {
      return new Saving(days, 0, 0, 0);
    }
    return new Saving(
        days, fixed / days, (1 - perfect / fixed) * 100, (1 - forecast / fixed) * 100);
  }
}
