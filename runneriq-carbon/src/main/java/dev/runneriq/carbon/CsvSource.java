package dev.runneriq.carbon;

import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A carbon series from CSV files ({@code runneriq.carbon/v1}). Times outside the series are read
 * from the same weekday and hour of the series' year (a whole-week shift), and the readings come
 * back at the asked times. {@link #latest} is the value in force now by {@code clock}. {@link
 * #forecast} answers from the files' {@code kind=forecast} rows as they were known now by {@code
 * clock} (the latest issued at or before it), and is empty where the files have none.
 */
public final class CsvSource implements CarbonSource {
  private static final Duration WEEK = Duration.ofDays(7);

  private final SeriesView series;
  private final InstantSource clock;

  public CsvSource(SeriesView series, InstantSource clock) {
    this.series = series;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "csv";
  }

  public Set<String> zones() {
    return series.zones();
  }

  @Override
  public Optional<CarbonReading> latest(String zone) {
    Instant now = clock.instant();
    var readings = history(zone, now, now.plusSeconds(1));
    return readings.isEmpty() ? Optional.empty() : Optional.of(readings.getLast());
  }

  @Override
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    if (!to.isAfter(from) || !series.zones().contains(zone)) {
      return List.of();
    }
    Duration shift = WEEK.multipliedBy(series.shiftWeeks(from, to));
    return series.readings(zone, from.plus(shift), to.plus(shift)).stream()
        .map(r -> new CarbonReading(r.gco2PerKwh(), r.at().minus(shift), r.stale()))
        .toList();
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    Duration shift = WEEK.multipliedBy(series.shiftWeeks(from, to));
    return series
        .forecast(zone, clock.instant().plus(shift), from.plus(shift), to.plus(shift))
        .stream()
        .map(r -> new CarbonReading(r.gco2PerKwh(), r.at().minus(shift), r.stale()))
        .toList();
  }
}
