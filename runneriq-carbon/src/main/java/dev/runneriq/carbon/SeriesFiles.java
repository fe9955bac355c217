package dev.runneriq.carbon;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.CarbonSeriesFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link SeriesView} over the CSV reader of {@code runneriq-formats}: both layouts of
 * docs/formats/carbon.md, forecast rows of the plain layout included. {@link #reader} is what
 * {@link CarbonSources#create} takes to read {@code carbon.path}.
 */
public final class SeriesFiles implements SeriesView {
  private final CarbonSeries series;

  public SeriesFiles(CarbonSeries series) {
    this.series = series;
  }

  /**
   * Reads a file or directory; {@code lca} picks the life-cycle column of Electricity Maps exports.
   *
   * @throws dev.runneriq.formats.FormatException naming the file, line and column
   */
  public static SeriesFiles read(Path path, boolean lca) {
    return new SeriesFiles(CarbonSeriesFormat.read(path, lca));
  }

  /** The reader for {@link CarbonSources#create}. */
  public static Function<Path, SeriesView> reader(boolean lca) {
    return path -> read(path, lca);
  }

  @Override
  public Set<String> zones() {
    return series.zones();
  }

  @Override
  public List<CarbonReading> readings(String zone, Instant from, Instant to) {
    return series.readings(zone, from, to);
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant asOf, Instant from, Instant to) {
    return series.forecast(zone, asOf, from, to);
  }

  @Override
  public long shiftWeeks(Instant from, Instant to) {
    return series.shiftWeeks(from, to);
  }
}
