package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.formats.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShiftStudyCommandTest {
  @TempDir Path dir;

  private Path series() throws Exception {
    var lines = new ArrayList<String>();
    lines.add("timestamp,zone,gco2_per_kwh");
    Instant t0 = Instant.parse("2023-01-01T00:00:00Z");
    for (int h = 0; h < 72; h++) {
      lines.add(t0.plusSeconds(3600L * h) + ",DE," + (h % 24 == 3 ? 50 : 100));
      lines.add(t0.plusSeconds(3600L * h) + ",GB,80");
    }
    return Files.write(dir.resolve("s.csv"), lines);
  }

  @Test
  void writesTheSavingsPerZoneAndWindowAsJson() throws Exception {
    var json = dir.resolve("out.json");
    var r =
        CliTest.run(
            "carbon",
            "shift-study",
            "--carbon",
            series().toString(),
            "--zones",
            "DE,GB",
            "--windows",
            "0,2",
            "--json",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("DE", "GB", "perfect %", "L of gasoline", "EPA");
    var doc = Documents.JSON.readTree(Files.readString(json));
    assertThat(doc.properties()).hasSize(1);
    assertThat(doc.get("zones").properties())
        .extracting(e -> e.getKey())
        .containsExactly("DE", "GB");
    var de2 = doc.at("/zones/DE/2");
    assertThat(de2.properties())
        .extracting(e -> e.getKey())
        .containsExactly("perfect_pct", "forecast_pct");
    // every day can reach 03:00 (50 g) from 01:00 with ±2 h
    assertThat(de2.get("perfect_pct").asDouble()).isEqualTo(50.0);
    assertThat(doc.at("/zones/DE/0/perfect_pct").asDouble()).isZero();
    assertThat(doc.at("/zones/GB/2/perfect_pct").asDouble()).isZero();
  }

  @Test
  void badInputNamesTheFlagAndExitsWithTwo() throws Exception {
    String s = series().toString();
    var zone = CliTest.run("carbon", "shift-study", "--carbon", s, "--zones", "FR");
    assertThat(zone.code()).isEqualTo(2);
    assertThat(zone.err()).contains("--zones", "'FR'").doesNotContain("Exception");
    var at = CliTest.run("carbon", "shift-study", "--carbon", s, "--zones", "DE", "--at", "25:00");
    assertThat(at.code()).isEqualTo(2);
    assertThat(at.err()).contains("--at");
    var file =
        CliTest.run(
            "carbon",
            "shift-study",
            "--carbon",
            dir.resolve("none.csv").toString(),
            "--zones",
            "DE");
    assertThat(file.code()).isEqualTo(2);
    assertThat(file.err()).contains("none.csv");
    var w = CliTest.run("carbon", "shift-study", "--carbon", s, "--zones", "DE", "--windows", "-1");
    assertThat(w.code()).isEqualTo(2);
    assertThat(w.err()).contains("--windows");
  }
}
