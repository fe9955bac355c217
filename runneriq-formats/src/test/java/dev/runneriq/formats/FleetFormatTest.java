package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetFormatTest {
  static final String FLEET =
      "format: runneriq.fleet/v1\n"
          + "runners:\n"
          + "  - {id: 1, name: r1, concurrency: 4, speed: 1.0,"
          + " stats: {jobs: 10, duration_factor: 1.0}}\n";

  private static Object read(String yaml) {
    return fleet(yaml);
  }

  private static Fleet fleet(String yaml) {
    return FleetFormat.parseFleet(
        Documents.parse(yaml.getBytes(StandardCharsets.UTF_8), "fleet.yaml", true), "fleet.yaml");
  }

  @Test
  void systemFailureRateIsTheSimulatorsAloneAndZeroByDefault() {
    var fleet =
        fleet(
            FLEET
                + "  - {id: 2, name: r2, concurrency: 2, system_failure_rate: 0.2}\n"
                + "  - {id: 3, name: r3, concurrency: 2, system_failure_rate: 1}\n");
    assertThat(fleet.runners()).extracting(r -> r.name()).containsExactly("r1", "r2", "r3");
    assertThat(fleet.sim())
        .extracting(Fleet.SimTraits::systemFailureRate)
        .containsExactly(0.0, 0.2, 1.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "speed near zero | speed: 1.0 | speed: 1e-300"
            + " | /runners/0/speed: field 'speed' must be between 0.01 and 100, but was 1.0E-300",
        "speed huge | speed: 1.0 | speed: 1e300 | field 'speed' must be between 0.01 and 100",
        "duration factor near zero | duration_factor: 1.0 | duration_factor: 1e-300"
            + " | /runners/0/stats/duration_factor: field 'duration_factor' must be between 0.01"
            + " and 100",
        "concurrency past ten thousand | concurrency: 4 | concurrency: 2000000000"
            + " | /runners/0/concurrency: field 'concurrency' must be between 1 and 10000",
        "system failure rate above one | speed: 1.0 | speed: 1.0, system_failure_rate: 1.5"
            + " | /runners/0/system_failure_rate: field 'system_failure_rate' must be between 0"
            + " and 1, but was 1.5",
        "system failure rate negative | speed: 1.0 | speed: 1.0, system_failure_rate: -0.1"
            + " | field 'system_failure_rate' must be between 0 and 1, but was -0.1",
        "system failure rate not a number | speed: 1.0 | speed: 1.0, system_failure_rate: often"
            + " | field 'system_failure_rate' must be a number",
      })
  void extremeValuesAreErrorsNamingTheField(String name, String from, String to, String message) {
    assertThat(read(FLEET)).isNotNull();
    assertThatThrownBy(() -> read(FLEET.replace(from, to)))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("fleet.yaml: ")
        .hasMessageContaining(message);
  }
}
