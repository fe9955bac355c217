package dev.runneriq.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntensityTest {
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  static Intensity hourly(double... values) {
    var readings = new java.util.ArrayList<CarbonReading>();
    for (int i = 0; i < values.length; i++) {
      readings.add(new CarbonReading(values[i], T0.plusSeconds(3600L * i)));
    }
    return new Intensity(readings);
  }

  @Test
  void eachValueHoldsUntilTheNextReading() {
    var s = hourly(100, 300);
    assertThat(s.at(T0)).isEqualTo(100);
    assertThat(s.at(T0.plusSeconds(3599))).isEqualTo(100);
    assertThat(s.at(T0.plusSeconds(3600))).isEqualTo(300);
    assertThat(s.at(T0.plusSeconds(99_999))).isEqualTo(300);
    assertThat(s.at(T0.minusSeconds(10))).as("before the first reading").isEqualTo(100);
  }

  @Test
  void emissionsIntegrateOverTheRunIntervalNotOneSample() {
    var s = hourly(100, 300);
    // 1 kW for 30 min at 100 g/kWh and 30 min at 300 g/kWh = 0.05 + 0.15 kg
    double kg = s.emissionsKg(1000, T0.plusSeconds(1800), T0.plusSeconds(5400));
    assertThat(kg).isCloseTo(0.2, within(1e-9));
    assertThat(s.mean(T0.plusSeconds(1800), T0.plusSeconds(5400))).isCloseTo(200, within(1e-9));
    assertThat(Intensity.energyKwh(1000, T0, T0.plusSeconds(3600))).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void emptyIntervalEmitsNothing() {
    assertThat(hourly(100).emissionsKg(500, T0, T0)).isZero();
  }

  @Test
  void readingsOutOfOrderAreRejected() {
    var readings = List.of(new CarbonReading(1, T0.plusSeconds(60)), new CarbonReading(2, T0));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Intensity(readings))
        .hasMessageContaining("time order");
  }
}
