package dev.runneriq.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonSourcesTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-03-02T09:00:00Z"));
  static final Function<Path, SeriesView> NO_SERIES =
      p -> new CsvSourceTest.ListSeries(Map.of("DE", CsvSourceTest.DE), 0);

  @TempDir Path dir;

  static IllegalArgumentException error(CarbonConfig config) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
        IllegalArgumentException.class, () -> CarbonSources.create(config, CLOCK, NO_SERIES));
  }

  @Test
  void buildsEachProvider() {
    assertThat(
            CarbonSources.create(
                    CarbonConfig.of("electricitymaps").withToken("t0k"), CLOCK, NO_SERIES)
                .name())
        .isEqualTo("electricitymaps");
    assertThat(
            CarbonSources.create(
                    CarbonConfig.of("uk").withZones(List.of("GB", "GB-13")), CLOCK, NO_SERIES)
                .name())
        .isEqualTo("uk-carbon-intensity");
    assertThat(
            CarbonSources.create(
                    CarbonConfig.of("csv").withPath(dir).withZones(List.of("DE")), CLOCK, NO_SERIES)
                .history("DE", CsvSourceTest.T0, CsvSourceTest.T0.plusSeconds(3600)))
        .containsExactly(CsvSourceTest.DE.getFirst());
    var table =
        CarbonSources.create(CarbonConfig.of("static").withZones(List.of("DE")), CLOCK, NO_SERIES);
    assertThat(table.isStatic()).isTrue();
  }

  @Test
  void errorsNameTheKeyAndTheBadValue() {
    assertThat(error(CarbonConfig.of("watttime")))
        .hasMessage(
            "carbon.provider must be one of electricitymaps, uk, csv, static, but was 'watttime'");
    assertThat(error(CarbonConfig.of("electricitymaps")))
        .hasMessageStartingWith("carbon.token is required for provider electricitymaps");
    assertThat(error(CarbonConfig.of("uk").withUrl("ftp://example.org")))
        .hasMessage(
            "carbon.url must be an http or https URL with a host, but was 'ftp://example.org'");
    assertThat(error(CarbonConfig.of("uk").withUrl("http://bad host")))
        .hasMessage("carbon.url is not a valid URL: 'http://bad host'");
    assertThat(error(CarbonConfig.of("uk").withZones(List.of("GB", "DE"))))
        .hasMessageStartingWith("the fleet's zone 'DE' is not a zone of provider uk");
    assertThat(error(CarbonConfig.of("csv"))).hasMessageStartingWith("carbon.path is required");
    assertThat(error(CarbonConfig.of("csv").withPath(dir.resolve("nope.csv"))))
        .hasMessage("carbon.path does not exist: '" + dir.resolve("nope.csv") + "'");
    assertThat(error(CarbonConfig.of("csv").withPath(dir).withZones(List.of("FR"))))
        .hasMessageStartingWith("no data for the fleet's zone 'FR' in the series " + dir);
    assertThat(error(CarbonConfig.of("static").withZones(List.of("XX"))))
        .hasMessageStartingWith("no data for the fleet's zone 'XX' in the static table");
    assertThat(error(new CarbonConfig("uk", null, null, null, List.of(), Duration.ZERO, false)))
        .hasMessage("carbon.timeout must be positive, but was PT0S");
  }

  @Test
  void theTokenNeverShowsInTheConfig() {
    var config = CarbonConfig.of("electricitymaps").withToken("s3cr3t-token");

    assertThat(config.toString()).contains("token=set").doesNotContain("s3cr3t-token");
  }
}
