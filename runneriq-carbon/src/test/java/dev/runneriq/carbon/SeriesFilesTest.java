package dev.runneriq.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.CarbonReading;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** CsvSource over real files: a week of the Electricity Maps DE export and a day of WattTime. */
class SeriesFilesTest {
  static Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(SeriesFilesTest.class.getResource(name)).toURI());
  }

  static final Instant MAR1 = Instant.parse("2023-03-01T00:00:00Z");

  @Test
  void readsAnElectricityMapsExportThroughTheAdapter() throws Exception {
    var csv =
        new CsvSource(
            SeriesFiles.read(resource("/series/DE_2023-03-01_week.csv"), false),
            () -> MAR1.plusSeconds(5400));

    assertThat(csv.zones()).containsExactly("DE");
    // rows 2023-03-01 00:00 528.6, 01:00 531.23, 02:00 537.52 (direct column)
    assertThat(csv.history("DE", MAR1.plusSeconds(1800), MAR1.plusSeconds(7201)))
        .containsExactly(
            new CarbonReading(528.6, MAR1),
            new CarbonReading(531.23, MAR1.plusSeconds(3600)),
            new CarbonReading(537.52, MAR1.plusSeconds(7200)));
    assertThat(csv.latest("DE")).contains(new CarbonReading(531.23, MAR1.plusSeconds(3600)));
    assertThat(csv.forecast("DE", MAR1, MAR1.plusSeconds(7200))).isEmpty();
    var lca =
        new CsvSource(
            SeriesFiles.read(resource("/series/DE_2023-03-01_week.csv"), true), () -> MAR1);
    assertThat(lca.latest("DE")).contains(new CarbonReading(609.91, MAR1));
  }

  @Test
  void aTraceOfAnotherYearReadsTheSameWeekdayAndHour() throws Exception {
    // 2026-03-04 is a Wednesday, as 2023-03-01 is: 157 weeks apart
    Instant asked = Instant.parse("2026-03-04T01:00:00Z");
    var csv =
        new CsvSource(
            SeriesFiles.read(resource("/series/DE_2023-03-01_week.csv"), false), () -> asked);

    assertThat(csv.latest("DE")).contains(new CarbonReading(531.23, asked));
  }

  @Test
  void forecastRowsAreReadAsKnownAtTheClock() throws Exception {
    var series = SeriesFiles.read(resource("/series/caiso_north_2023-06-08.csv"), false);
    Instant t0 = Instant.parse("2023-06-08T00:00:00Z");
    Instant target = t0.plusSeconds(3900); // 01:05
    // issued 00:00: 426.286109326; issued 01:00: 435.992986044 (WattTime, hourly-issued file)
    var before = new CsvSource(series, () -> t0.plusSeconds(1800));
    assertThat(before.forecast("CAISO_NORTH", target, target.plusSeconds(1)))
        .containsExactly(new CarbonReading(426.286109326, target));
    var after = new CsvSource(series, () -> t0.plusSeconds(3600));
    assertThat(after.forecast("CAISO_NORTH", target, target.plusSeconds(1)))
        .containsExactly(new CarbonReading(435.992986044, target));
    // 13 points of 5 min issued at 00:00: 00:05 .. 01:05
    assertThat(before.forecast("CAISO_NORTH", t0, t0.plusSeconds(7200))).hasSize(13);
    // actual rows stay the series: 01:00 is 434.99508283
    assertThat(before.history("CAISO_NORTH", t0.plusSeconds(3600), t0.plusSeconds(3660)))
        .containsExactly(new CarbonReading(434.99508283, t0.plusSeconds(3600)));
  }
}
