package dev.runneriq.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvSourceTest {
  static final Duration WEEK = Duration.ofDays(7);

  /** A series of hourly readings per zone, shifted into by a fixed number of weeks. */
  record ListSeries(Map<String, List<CarbonReading>> byZone, long weeks) implements SeriesView {
    @Override
    public Set<String> zones() {
      return byZone.keySet();
    }

    @Override
    public List<CarbonReading> readings(String zone, Instant from, Instant to) {
      return Periods.overlapping(
          byZone.getOrDefault(zone, List.of()), from, to, Duration.ofHours(1));
    }

    @Override
    public long shiftWeeks(Instant from, Instant to) {
      return weeks;
    }
  }

  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");
  static final List<CarbonReading> DE =
      List.of(
          new CarbonReading(412.5, T0),
          new CarbonReading(398.0, T0.plusSeconds(3600)),
          new CarbonReading(380.0, T0.plusSeconds(7200)));

  @Test
  void readsTheSeriesWhereItCoversTheInterval() {
    var csv = new CsvSource(new ListSeries(Map.of("DE", DE), 0), () -> T0.plusSeconds(5400));

    assertThat(csv.history("DE", T0.plusSeconds(1800), T0.plusSeconds(7200)))
        .containsExactly(DE.get(0), DE.get(1));
    assertThat(csv.latest("DE")).contains(DE.get(1));
    assertThat(csv.forecast("DE", T0, T0.plusSeconds(7200))).isEmpty();
    assertThat(csv.history("FR", T0, T0.plusSeconds(7200))).isEmpty();
  }

  @Test
  void anotherYearIsReadThroughTheWeekShiftAndComesBackAtTheAskedTimes() {
    long weeks = -156; // 2026-02-25 back to 2023-03-01, both Wednesdays
    Instant asked = T0.minus(WEEK.multipliedBy(weeks));
    var csv = new CsvSource(new ListSeries(Map.of("DE", DE), weeks), () -> asked);

    assertThat(asked).isEqualTo(Instant.parse("2026-02-25T00:00:00Z"));
    assertThat(csv.history("DE", asked, asked.plusSeconds(7200)))
        .containsExactly(
            new CarbonReading(412.5, asked), new CarbonReading(398.0, asked.plusSeconds(3600)));
    assertThat(csv.latest("DE")).contains(new CarbonReading(412.5, asked));
  }
}
