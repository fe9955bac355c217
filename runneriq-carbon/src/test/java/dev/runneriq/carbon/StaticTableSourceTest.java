package dev.runneriq.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticTableSourceTest {
  static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant TO = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void theBundledTableHoldsThe2023MeansOfTheSixteenZones() {
    var direct = StaticTableSource.bundled2023(false);

    assertThat(direct.isStatic()).isTrue();
    assertThat(direct.zones()).hasSize(16).contains("DE", "GB", "US-CAL-CISO", "CA-ON", "BR-CS");
    // The means of annual-means-2023.csv (direct), the hourly exports' arithmetic means.
    assertThat(direct.latest("DE"))
        .contains(new CarbonReading(307.7, Instant.parse("2023-01-01T00:00:00Z")));
    assertThat(direct.latest("GB").orElseThrow().gco2PerKwh()).isEqualTo(128.6);
    assertThat(direct.latest("CA-ON").orElseThrow().gco2PerKwh()).isEqualTo(46.9);
    assertThat(StaticTableSource.bundled2023(true).latest("DE").orElseThrow().gco2PerKwh())
        .isEqualTo(367.0);
  }

  @Test
  void historyAndForecastAreTheMeanHoldingOverTheInterval() {
    var table = new StaticTableSource(Map.of("DE", 300.0), Instant.EPOCH);

    assertThat(table.history("DE", FROM, TO)).containsExactly(new CarbonReading(300, FROM));
    assertThat(table.forecast("DE", FROM, TO)).containsExactly(new CarbonReading(300, FROM));
    assertThat(table.history("DE", TO, FROM)).isEmpty();
    assertThat(table.latest("FR")).isEmpty();
    assertThat(table.forecast("FR", FROM, TO)).isEmpty();
  }

  @Test
  void aNegativeMeanIsRefused() {
    assertThatThrownBy(() -> new StaticTableSource(Map.of("XX", -1.0), Instant.EPOCH))
        .hasMessageContaining("zone XX");
  }
}
