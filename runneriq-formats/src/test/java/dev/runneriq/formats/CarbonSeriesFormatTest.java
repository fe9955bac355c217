package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.model.CarbonReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonSeriesFormatTest {
  @TempDir Path dir;

  static final String EM_HEADER =
      "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
          + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,"
          + "Data Source,Data Estimated,Data Estimation Method";

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  @Test
  void readsBothLayoutsFromADirectoryAndIntegratesEmissions() throws IOException {
    file(
        "plain.csv",
        "timestamp,zone,gco2_per_kwh,kind",
        "2023-03-01T00:00:00Z,FR,100,actual",
        "2023-03-01T01:00:00Z,FR,300",
        "2023-03-01T01:00:00Z,FR,999,forecast");
    file(
        "gb.csv",
        EM_HEADER,
        "2023-03-01 00:00:00,United Kingdom,Great Britain,GB,200,250,50,40,\"elexon, neso\",false,",
        "2023-03-01 01:00:00,United Kingdom,Great Britain,GB,100,150,50,40,elexon,false,");
    var s = CarbonSeriesFormat.read(dir, false);
    assertThat(s.zones()).containsExactly("FR", "GB");
    long t0 = Instant.parse("2023-03-01T00:00:00Z").getEpochSecond();
    assertThat(s.at("GB", t0 + 10)).isEqualTo(200);
    // 1 kW for 30 min at 100 g then 30 min at 300 g: 0.5*100 + 0.5*300 = 200 g
    assertThat(s.kgCo2("FR", 1000, (double) (t0 + 1800), (double) (t0 + 5400)))
        .isCloseTo(0.2, within(1e-9));
    // past the last value, the last value holds
    assertThat(s.kgCo2("FR", 1000, (double) (t0 + 7200), (double) (t0 + 10800)))
        .isCloseTo(0.3, within(1e-9));
    assertThat(CarbonSeriesFormat.read(dir.resolve("gb.csv"), true).at("GB", t0)).isEqualTo(250);
  }

  @Test
  void shiftsWholeWeeksToTheSameDateOfTheSeriesYear() throws IOException {
    var lines = new java.util.ArrayList<String>();
    lines.add("timestamp,zone,gco2_per_kwh");
    var t = Instant.parse("2023-01-01T00:00:00Z");
    for (int h = 0; h < 8760; h++) {
      lines.add(t.plusSeconds(3600L * h) + ",DE,1");
    }
    var s = CarbonSeriesFormat.read(file("de.csv", lines.toArray(String[]::new)), false);
    var from = Instant.parse("2026-03-02T00:00:00Z");
    long k = s.shiftWeeks(from, from.plusSeconds(86_400));
    assertThat(k).isEqualTo(-157);
    var shifted = from.plusSeconds(k * 7 * 86_400).atZone(java.time.ZoneOffset.UTC);
    assertThat(shifted.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
    assertThat(shifted.getYear()).isEqualTo(2023);
    assertThat(s.shiftWeeks(t.plusSeconds(3600), t.plusSeconds(7200))).isZero();
  }

  @Test
  void errorsNameFileLineAndColumn() throws IOException {
    var bad = file("bad.csv", "timestamp,zone,gco2_per_kwh", "2023-03-01T00:00:00Z,FR,lots");
    assertThatThrownBy(() -> CarbonSeriesFormat.read(bad, false))
        .isInstanceOf(FormatException.class)
        .hasMessage(bad + ": line 2: column 'gco2_per_kwh' is not a number: 'lots'");
    var time = file("time.csv", EM_HEADER, "yesterday,X,Y,GB,1,2,3,4,5,false,");
    assertThatThrownBy(() -> CarbonSeriesFormat.read(time, false))
        .hasMessageContaining(time + ": line 2: column 'Datetime (UTC)' must be a time like");
    var far = file("far.csv", "timestamp,zone,gco2_per_kwh", "+999999999-12-31T23:59:59Z,FR,1");
    assertThatThrownBy(() -> CarbonSeriesFormat.read(far, false))
        .hasMessageContaining(
            far + ": line 2: column 'timestamp' must be between 1970-01-01T00:00:00Z and");
    var header = file("header.csv", "when,where,what");
    assertThatThrownBy(() -> CarbonSeriesFormat.read(header, false))
        .hasMessageContaining(header + ": line 1: unknown header");
    var dup =
        file(
            "dup.csv",
            "timestamp,zone,gco2_per_kwh",
            "2023-03-01T00:00:00Z,FR,1",
            "2023-03-01T00:00:00Z,FR,2");
    assertThatThrownBy(() -> CarbonSeriesFormat.read(dup, false))
        .hasMessageContaining(dup + ": line 3: zone FR has a second value");
  }

  @Test
  void keepsForecastRowsApartAndAnswersAsKnownAtATime() throws IOException {
    file(
        "f.csv",
        "timestamp,zone,gco2_per_kwh,kind,issued_at",
        "2023-03-01T00:00:00Z,FR,100,actual,",
        "2023-03-01T01:00:00Z,FR,300,actual,",
        "2023-03-01T02:00:00Z,FR,50,forecast,2023-03-01T00:00:00Z",
        "2023-03-01T02:00:00Z,FR,70,forecast,2023-03-01T01:00:00Z",
        "2023-03-01T03:00:00Z,FR,90,forecast,");
    var s = CarbonSeriesFormat.read(dir.resolve("f.csv"), false);
    Instant t0 = Instant.parse("2023-03-01T00:00:00Z");
    assertThat(s.hasForecasts("FR")).isTrue();
    assertThat(s.hasForecasts("GB")).isFalse();
    // forecasts do not enter the actual series: the last actual value holds on
    assertThat(s.at("FR", t0.getEpochSecond() + 7200)).isEqualTo(300);
    assertThat(s.forecast("FR", t0.plusSeconds(1800), t0, t0.plusSeconds(4 * 3600)))
        .containsExactly(
            new CarbonReading(50, t0.plusSeconds(7200)),
            new CarbonReading(90, t0.plusSeconds(3 * 3600)));
    assertThat(s.forecast("FR", t0.plusSeconds(3600), t0.plusSeconds(7200), t0.plusSeconds(7201)))
        .containsExactly(new CarbonReading(70, t0.plusSeconds(7200)));
    // readings overlapping an interval include the one in force at its start
    assertThat(s.readings("FR", t0.plusSeconds(1800), t0.plusSeconds(3601)))
        .containsExactly(new CarbonReading(100, t0), new CarbonReading(300, t0.plusSeconds(3600)));
    assertThat(s.readings("FR", t0.plusSeconds(9000), t0.plusSeconds(9001)))
        .containsExactly(new CarbonReading(300, t0.plusSeconds(3600)));
    assertThat(s.readings("DE", t0, t0.plusSeconds(1))).isEmpty();
  }
}
