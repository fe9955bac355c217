package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetFormatTest {
  static final String FLEET =
      "format: runneriq.fleet/v1\n"
          + "runners:\n"
          + "  - {id: 1, name: r1, concurrency: 4, speed: 1.0,"
          + " stats: {jobs: 10, duration_factor: 1.0}}\n";

  private static Object read(String yaml) {
    return FleetFormat.parse(
        Documents.parse(yaml.getBytes(StandardCharsets.UTF_8), "fleet.yaml", true), "fleet.yaml");
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
      })
  void extremeValuesAreErrorsNamingTheField(String name, String from, String to, String message) {
    assertThat(read(FLEET)).isNotNull();
    assertThatThrownBy(() -> read(FLEET.replace(from, to)))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("fleet.yaml: ")
        .hasMessageContaining(message);
  }
}
