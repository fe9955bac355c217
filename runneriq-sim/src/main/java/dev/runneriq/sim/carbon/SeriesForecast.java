package dev.runneriq.sim.carbon;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.formats.CarbonSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The grid as a carbon series shows it at one moment of a simulation: the intensity in force, and
 * the forecast an operator would have had. Forecasts are hourly points up to {@code horizon} ahead;
 * they come from the series' own forecast rows where it has them for a zone (the latest issued by
 * then, e.g. WattTime's), otherwise from the actual series through a {@link ForecastError}, issued
 * at the start of the current hour.
 *
 * <p>Times are the simulation's; the series is read {@code shiftWeeks} whole weeks later, so that a
 * trace of another year keeps weekday and hour of day (docs/formats/carbon.md).
 */
public final class SeriesForecast {
  private final CarbonSeries series;
  private final ForecastError error;
  private final boolean ownForecasts;
  private final long shiftS;
  private final long horizonS;

  /**
   * @param ownForecasts use the series' forecast rows where it has them; false ignores them (the
   *     oracle's view: the future series itself, through {@code error})
   */
  public SeriesForecast(
      CarbonSeries series,
      long shiftWeeks,
      ForecastError error,
      boolean ownForecasts,
      Duration horizon) {
    this.series = series;
    this.error = error;
    this.ownForecasts = ownForecasts;
    this.shiftS = shiftWeeks * 7 * 86_400;
    this.horizonS = horizon.toSeconds();
  }

  public CarbonSeries series() {
    return series;
  }

  public boolean has(String zone) {
    return series.has(zone);
  }

  /** The intensity of {@code zone} in force at {@code at}; the zone must be in the series. */
  public CarbonReading now(String zone, Instant at) {
    return new CarbonReading(series.at(zone, at.getEpochSecond() + shiftS), at);
  }

  /** The forecast of {@code zone} as known at {@code at}, in time order. */
  public List<CarbonReading> forecast(String zone, Instant at) {
    long s = at.getEpochSecond() + shiftS;
    var points = new ArrayList<CarbonReading>();
    if (ownForecasts && series.hasForecasts(zone)) {
      for (var r :
          series.forecast(
              zone,
              Instant.ofEpochSecond(s),
              Instant.ofEpochSecond(s + 1),
              Instant.ofEpochSecond(s + horizonS))) {
        points.add(new CarbonReading(r.gco2PerKwh(), r.at().minusSeconds(shiftS)));
      }
      return points;
    }
    long hour = Math.floorDiv(s, 3600) * 3600;
    for (long t = hour + 3600; t <= s + horizonS; t += 3600) {
      double v = error.forecast(series.at(zone, t), zone, hour, t);
      points.add(new CarbonReading(v, Instant.ofEpochSecond(t - shiftS)));
    }
    return points;
  }

  /** The actual values of {@code zone} in force during [from, to), at simulation times. */
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    return series.readings(zone, from.plusSeconds(shiftS), to.plusSeconds(shiftS)).stream()
        .map(r -> new CarbonReading(r.gco2PerKwh(), r.at().minusSeconds(shiftS), r.stale()))
        .toList();
  }
}
