package dev.runneriq.carbon;

import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What {@link CsvSource} needs of a carbon-intensity series read from CSV ({@code
 * runneriq.carbon/v1}, either layout): the zones, the actual readings in force during an interval,
 * and the whole-week shift that maps an interval of another year into the series.
 */
public interface SeriesView {
  Set<String> zones();

  /**
   * The actual readings of {@code zone} whose period overlaps [from, to), in time order, with the
   * series' own times; empty for an unknown zone.
   */
  List<CarbonReading> readings(String zone, Instant from, Instant to);

  /**
   * The forecast of {@code zone} for [from, to) as known at {@code asOf} (for each target time, the
   * latest row issued by then), in time order, with the series' own times; empty when the files
   * hold no forecast rows for the zone.
   */
  default List<CarbonReading> forecast(String zone, Instant asOf, Instant from, Instant to) {
    return List.of();
  }

  /**
   * Whole weeks to add to [from, to] so that it falls in the series keeping weekday and hour of day
   * (0 when it already does); see docs/formats/carbon.md, "Aligning a series with a trace of
   * another year".
   */
  long shiftWeeks(Instant from, Instant to);
}
