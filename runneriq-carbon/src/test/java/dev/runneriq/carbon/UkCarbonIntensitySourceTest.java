package dev.runneriq.carbon;

import static dev.runneriq.carbon.LoopbackApi.Answer.json;
import static dev.runneriq.carbon.LoopbackApi.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.carbon.CarbonSource.Unavailable;
import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UkCarbonIntensitySourceTest {
  /** The real pt24h response: 48 half-hours from 2023-03-14T00:30Z, the last without actual. */
  static final String PT24H = LoopbackApi.resource("national_pt24h_2023-03-15T0031Z.json");

  static final String PT24H_PATH = "/intensity/2023-03-14T00:30Z/2023-03-15T00:30Z";

  /** The first period of the real pt24h response, as /intensity answers it. */
  static final String NOW_NATIONAL =
      """
      {"data":[{"from":"2023-03-14T00:30Z","to":"2023-03-14T01:00Z",
                "intensity":{"forecast":81,"actual":85,"index":"low"}}]}
      """;

  /** Test values in the documented regional shape (API_SHAPES.md), not real data. */
  static final String REGION_13_NOW =
      """
      {"data":[{"regionid":13,"dnoregion":"UKPN London","shortname":"London",
        "data":[{"from":"2023-03-15T00:30Z","to":"2023-03-15T01:00Z",
                 "intensity":{"forecast":142,"index":"moderate"},
                 "generationmix":[{"fuel":"gas","perc":40.1},{"fuel":"wind","perc":30.2}]}]}]}
      """;

  final LoopbackApi api = new LoopbackApi();
  final TestClock clock = new TestClock(Instant.parse("2023-03-15T00:31:00Z"));

  @AfterEach
  void stop() {
    api.close();
  }

  UkCarbonIntensitySource source() {
    return source(Duration.ofSeconds(2));
  }

  UkCarbonIntensitySource source(Duration timeout) {
    return new UkCarbonIntensitySource(
        HttpSettings.of(api.url()).withClock(clock).withTimeout(timeout));
  }

  @Test
  void nationalHistoryReadsTheRealResponsePreferringActual() {
    api.on(PT24H_PATH, json(PT24H));

    var day =
        source()
            .history(
                "GB", Instant.parse("2023-03-14T00:30:00Z"), Instant.parse("2023-03-15T00:30:00Z"));

    assertThat(day).hasSize(48);
    assertThat(day.getFirst())
        .isEqualTo(new CarbonReading(85, Instant.parse("2023-03-14T00:30:00Z")));
    // The last period has no actual yet: its forecast stands in.
    assertThat(day.getLast())
        .isEqualTo(new CarbonReading(185, Instant.parse("2023-03-15T00:00:00Z")));
    assertThat(api.requests().getFirst().pathAndQuery()).isEqualTo(PT24H_PATH);
  }

  @Test
  void nationalLatest() {
    api.on("/intensity", json(NOW_NATIONAL));

    assertThat(source().latest("GB"))
        .contains(new CarbonReading(85, Instant.parse("2023-03-14T00:30:00Z")));
  }

  @Test
  void nationalForecastReadsTheRealFw48hValues() {
    clock.advance(Duration.between(clock.instant(), Instant.parse("2023-03-14T03:31:00Z")));
    var rows = LoopbackApi.resource("national_fw48h_2023-03-14T0331Z.csv").strip().split("\n");
    var periods = new ArrayList<String>();
    for (int i = 1; i < rows.length; i++) {
      String[] c = rows[i].split(",", -1);
      Instant from = Instant.parse(c[0].replace("Z", ":00Z"));
      periods.add(
          "{\"from\":\"%s\",\"to\":\"%s\",\"intensity\":{\"forecast\":%s,\"actual\":null}}"
              .formatted(c[0], from.plusSeconds(1800).toString().replace(":00Z", "Z"), c[1]));
    }
    api.on(
        "/intensity/2023-03-14T03:31Z/fw48h",
        json("{\"data\":[" + String.join(",", periods) + "]}"));

    var f = source().forecast("GB", clock.instant(), clock.instant().plus(Duration.ofDays(2)));

    assertThat(f).hasSize(96);
    assertThat(f.getFirst())
        .isEqualTo(new CarbonReading(69, Instant.parse("2023-03-14T03:30:00Z")));
    assertThat(f.getLast()).isEqualTo(new CarbonReading(84, Instant.parse("2023-03-16T03:00:00Z")));
  }

  @Test
  void regionalLatestHistoryAndForecast() {
    api.on("/regional/regionid/13", json(REGION_13_NOW));
    // /regional/intensity/{from}/{to}/regionid/{id} wraps one region object in "data".
    api.on(
        "/regional/intensity/2023-03-14T23:30Z/2023-03-15T00:30Z/regionid/13",
        json(
            REGION_13_NOW
                .replaceFirst("\\[\\{\"regionid", "{\"regionid")
                .replaceFirst("]}\\s*$", "}")));
    api.on("/regional/intensity/2023-03-15T00:31Z/fw48h/regionid/13", json(REGION_13_NOW));
    var source = source();

    var expected = new CarbonReading(142, Instant.parse("2023-03-15T00:30:00Z"));
    assertThat(source.latest("GB-13")).contains(expected);
    assertThat(
            source.history(
                "GB-13",
                Instant.parse("2023-03-14T23:30:00Z"),
                Instant.parse("2023-03-15T00:30:00Z")))
        .isEmpty(); // the answer's period starts at the interval's end
    assertThat(source.forecast("GB-13", clock.instant(), clock.instant().plusSeconds(3600)))
        .containsExactly(expected);
    assertThat(api.hits("/regional/intensity/2023-03-14T23:30Z/2023-03-15T00:30Z/regionid/13"))
        .isEqualTo(1);
  }

  @Test
  void zonesOutsideGreatBritainHaveNoDataAndCostNoRequest() {
    var source = source();

    assertThat(source.latest("DE")).isEmpty();
    assertThat(source.latest("GB-0")).isEmpty();
    assertThat(source.history("GB-x", clock.instant().minusSeconds(3600), clock.instant()))
        .isEmpty();
    assertThat(api.requests()).isEmpty();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({
    "401, access refused (HTTP 401)",
    "403, access refused (HTTP 403)",
    "404, unknown zone (HTTP 404); check the zone id",
    "429, rate limited (HTTP 429); retry after 30 s",
    "500, server error (HTTP 500)",
    "400, unexpected answer (HTTP 400)"
  })
  void errorsAreNamed(int code, String problem) {
    api.on(
        "/intensity",
        status(code, "{\"error\":{\"code\":\"" + code + "\"}}").withHeader("Retry-After", "30"));

    assertThatThrownBy(() -> source().latest("GB"))
        .isInstanceOf(Unavailable.class)
        .hasMessage("uk-carbon-intensity, zone GB: " + problem);
  }

  @Test
  void timeoutAndGarbage() {
    api.on("/intensity", json(NOW_NATIONAL).delayed(Duration.ofSeconds(3)));
    assertThatThrownBy(() -> source(Duration.ofMillis(300)).latest("GB"))
        .hasMessageContaining("within 300 ms");

    api.on("/intensity", json("{\"data\":[{\"from\":\"yesterday\"}]}"));
    assertThatThrownBy(() -> source().latest("GB"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("malformed response")
        .hasMessageContaining("from");
  }

  @Test
  void cachedThenStaleWhenTheApiFails() {
    api.on("/intensity", json(NOW_NATIONAL));
    var source = source();
    source.latest("GB");
    source.latest("GB");
    assertThat(api.hits("/intensity")).isEqualTo(1);

    clock.advance(UkCarbonIntensitySource.LATEST_TTL.plusSeconds(1));
    api.failWith(status(502, ""));

    assertThat(source.latest("GB"))
        .contains(new CarbonReading(85, Instant.parse("2023-03-14T00:30:00Z"), true));
    assertThat(api.hits("/intensity")).isEqualTo(2);
  }
}
