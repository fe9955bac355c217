package dev.runneriq.sim.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.CarbonSeriesFormat;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftStudyTest {
  static final Instant T0 = Instant.parse("2023-01-01T00:00:00Z");

  /**
   * Two days, hourly, 100 g/kWh except 2023-01-01 03:00 (40) and 2023-01-01 23:00 (70). A 30-minute
   * job at 01:00: day 1 can reach 03:00 with ±2 h (40), day 2 can reach the previous 23:00 (70).
   */
  static CarbonSeries tiny() {
    var sb = new StringBuilder("timestamp,zone,gco2_per_kwh\n");
    for (int h = 0; h < 48; h++) {
      double v = h == 3 ? 40 : h == 23 ? 70 : 100;
      sb.append(T0.plusSeconds(3600L * h)).append(",X,").append(v).append('\n');
    }
    Map<String, InputStream> in =
        Map.of(
            "tiny.csv", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    return CarbonSeriesFormat.parse(in, false);
  }

  @Test
  void savingsOnATinySeriesAreThoseWorkedOutByHand() {
    var r = ShiftStudy.run(tiny(), List.of("X"), 1800, 3600, List.of(0, 1, 2), ForecastError.NONE);
    var x = r.get("X");
    assertThat(x.get(0).days()).isEqualTo(2);
    assertThat(x.get(0).perfectPct()).isZero();
    assertThat(x.get(0).forecastPct()).isZero();
    // ±1 h: nothing better in reach (00:00..02:00 are 100; 00:00 of day 2 is 100)
    assertThat(x.get(1).perfectPct()).isCloseTo(0, within(1e-9));
    // ±2 h: (100 - 40) + (100 - 70) saved of 200
    assertThat(x.get(2).perfectPct()).isCloseTo(45, within(1e-9));
    assertThat(x.get(2).fixedGPerKwh()).isCloseTo(100, within(1e-9));
    // without error, choosing by the forecast is choosing by the truth
    assertThat(x.get(2).forecastPct()).isCloseTo(45, within(1e-9));
    // 1 kW for 30 min on 2 days at 100 g/kWh is 100 g; 45% of it
    assertThat(x.get(2).perfectKg(1000, 1800)).isCloseTo(0.045, within(1e-9));
  }

  @Test
  void aForecastWithErrorNeverBeatsPerfectKnowledge() {
    var r =
        ShiftStudy.run(tiny(), List.of("X"), 1800, 3600, List.of(2, 8), new ForecastError(0.5, 7));
    for (var s : r.get("X").values()) {
      assertThat(s.forecastPct()).isLessThanOrEqualTo(s.perfectPct() + 1e-9);
    }
  }

  @Test
  void theForecastErrorIsSeededAndUnbiasedOnAverage() {
    var e = new ForecastError(0.2, 3);
    assertThat(e.forecast(100, "DE", 0, 3600)).isEqualTo(e.forecast(100, "DE", 0, 3600));
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      sum += e.forecast(100, "DE", 0, 3600L * i);
    }
    assertThat(sum / n).isCloseTo(100, within(1.0));
    assertThat(ForecastError.DEFAULT_SIGMA).isCloseTo(0.169, within(0.001));
  }
}
