package dev.runneriq.sim.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.model.CarbonReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatedGridTest {
  /** 2024-01-01 is a Monday, like 2023-01-02: one week's shift back lands in the tiny series. */
  static final Instant MONDAY_2024 = Instant.parse("2024-01-01T02:30:00Z");

  @Test
  void latestIsTheValueInForceAtTheClocksTimeInTheSeriesAWholeWeekAway() {
    var series = ShiftStudyTest.tiny();
    long weeks = series.shiftWeeks(ShiftStudyTest.T0, ShiftStudyTest.T0.plusSeconds(3600));
    assertThat(weeks).isZero();
    // at 2023-01-01 03:10 the value is the 03:00 one, 40
    var grid =
        new SimulatedGrid(
            new SeriesForecast(series, 0, ForecastError.NONE, true, Duration.ofHours(4)),
            Clock.fixed(Instant.parse("2023-01-01T03:10:00Z"), ZoneOffset.UTC));
    var now = grid.latest("X").orElseThrow();
    assertThat(now.gco2PerKwh()).isEqualTo(40);
    assertThat(now.at()).isEqualTo(Instant.parse("2023-01-01T03:10:00Z"));
    assertThat(grid.latest("DE")).isEmpty();
    assertThat(grid.forecast("DE", now.at(), now.at().plusSeconds(7200))).isEmpty();
  }

  @Test
  void aPerfectForecastIsTheSeriesItselfHourlyFromTheNextHourWithinTheAskedWindow() {
    var grid =
        new SimulatedGrid(
            new SeriesForecast(
                ShiftStudyTest.tiny(), 0, ForecastError.NONE, true, Duration.ofHours(4)),
            Clock.fixed(Instant.parse("2023-01-01T01:20:00Z"), ZoneOffset.UTC));
    var f =
        grid.forecast(
            "X", Instant.parse("2023-01-01T01:20:00Z"), Instant.parse("2023-01-01T04:00:00Z"));
    assertThat(f)
        .extracting(CarbonReading::at)
        .containsExactly(
            Instant.parse("2023-01-01T02:00:00Z"), Instant.parse("2023-01-01T03:00:00Z"));
    assertThat(f).extracting(CarbonReading::gco2PerKwh).containsExactly(100.0, 40.0);
  }

  @Test
  void aForecastWithErrorDiffersFromTheSeriesButIsTheSameForTheSameQuestion() {
    var clock = Clock.fixed(Instant.parse("2023-01-01T01:20:00Z"), ZoneOffset.UTC);
    var series = ShiftStudyTest.tiny();
    var noisy =
        new SimulatedGrid(
            new SeriesForecast(
                series,
                0,
                new ForecastError(ForecastError.DEFAULT_SIGMA, 7),
                true,
                Duration.ofHours(6)),
            clock);
    var from = clock.instant();
    var to = from.plus(Duration.ofHours(6));
    var a = noisy.forecast("X", from, to);
    assertThat(a).hasSize(6);
    assertThat(a).extracting(CarbonReading::gco2PerKwh).anyMatch(v -> v != 100.0 && v != 40.0);
    assertThat(noisy.forecast("X", from, to)).isEqualTo(a);
  }

  @Test
  void aTraceOfAnotherYearReadsTheSeriesShiftedAndReportsItsOwnTimes() {
    var series = ShiftStudyTest.tiny();
    // the series covers 2023-01-01 (a Sunday) and 2023-01-02; 2024-01-01 02:30 is a Monday
    long weeks = series.shiftWeeks(MONDAY_2024, MONDAY_2024.plusSeconds(60));
    assertThat(weeks).isEqualTo(-52);
    var grid =
        new SimulatedGrid(
            new SeriesForecast(series, weeks, ForecastError.NONE, true, Duration.ofHours(2)),
            Clock.fixed(MONDAY_2024, ZoneOffset.UTC));
    // 2024-01-01 02:30 minus 52 weeks is 2023-01-02 02:30: hour 26 of the series, 100
    assertThat(grid.latest("X").orElseThrow().gco2PerKwh()).isEqualTo(100);
    var h = grid.history("X", MONDAY_2024.minusSeconds(4 * 3600), MONDAY_2024);
    // 2023-01-01 23:00 (70) shows at 2023-12-31 23:00 of the trace's year
    assertThat(h)
        .filteredOn(r -> r.gco2PerKwh() == 70)
        .extracting(CarbonReading::at)
        .containsExactly(Instant.parse("2023-12-31T23:00:00Z"));
  }

  @Test
  void theHorizonIsTheLongestDelayPlusTwoHours() {
    assertThat(CarbonPolicy.DEFAULT.forecastHorizon()).isEqualTo(Duration.ofHours(10));
  }
}
