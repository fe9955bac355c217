package dev.runneriq.carbon;

import static dev.runneriq.carbon.LoopbackApi.Answer.json;
import static dev.runneriq.carbon.LoopbackApi.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runneriq.carbon.LoopbackApi.Answer;
import dev.runneriq.core.carbon.CarbonSource.Unavailable;
import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElectricityMapsSourceTest {
  static final String TOKEN = "em-test-token-7f3a9c";
  static final String LATEST = "/v3/carbon-intensity/latest";
  static final String HISTORY = "/v3/carbon-intensity/history";
  static final String PAST_RANGE = "/v3/carbon-intensity/past-range";
  static final String FORECAST = "/v3/carbon-intensity/forecast";

  /** The documented /latest shape (API_SHAPES.md), values as quoted there. */
  static final String LATEST_DE =
      """
      {"zone":"DE","carbonIntensity":384,"datetime":"2024-01-29T13:00:00.000Z",
       "updatedAt":"2024-01-29T12:48:29.075Z","createdAt":"2024-01-26T13:47:05.835Z",
       "emissionFactorType":"lifecycle","isEstimated":true,"estimationMethod":"TIME_SLICER_AVERAGE"}
      """;

  /** The real FR /history response: 24 points, 2024-07-04T11:00Z to 2024-07-05T10:00Z. */
  static final String HISTORY_FR =
      LoopbackApi.resource("electricitymaps_v3_carbon-intensity_history_FR_2024-07-05.json");

  final LoopbackApi api = new LoopbackApi();
  final TestClock clock = new TestClock(Instant.parse("2024-07-05T10:30:00Z"));

  @AfterEach
  void stop() {
    api.close();
  }

  ElectricityMapsSource source() {
    return source(Duration.ofSeconds(2));
  }

  ElectricityMapsSource source(Duration timeout) {
    return new ElectricityMapsSource(
        TOKEN, HttpSettings.of(api.url()).withClock(clock).withTimeout(timeout));
  }

  @Test
  void historyReadsTheRealResponseAndSendsTheToken() {
    api.on(HISTORY, json(HISTORY_FR));

    var day =
        source()
            .history(
                "FR", Instant.parse("2024-07-04T11:00:00Z"), Instant.parse("2024-07-05T11:00:00Z"));

    assertThat(day).hasSize(24);
    assertThat(day.getFirst())
        .isEqualTo(new CarbonReading(19, Instant.parse("2024-07-04T11:00:00Z")));
    assertThat(day.getLast())
        .isEqualTo(new CarbonReading(19, Instant.parse("2024-07-05T10:00:00Z")));
    assertThat(day)
        .extracting(CarbonReading::gco2PerKwh)
        .containsOnly(16.0, 17.0, 18.0, 19.0, 20.0);
    var request = api.requests().getFirst();
    assertThat(request.pathAndQuery()).isEqualTo(HISTORY + "?zone=FR");
    assertThat(request.header("auth-token")).isEqualTo(TOKEN);
  }

  @Test
  void historyKeepsTheHoursThatOverlapTheInterval() {
    api.on(HISTORY, json(HISTORY_FR));

    var part =
        source()
            .history(
                "FR", Instant.parse("2024-07-05T08:30:00Z"), Instant.parse("2024-07-05T10:00:00Z"));

    assertThat(part)
        .extracting(CarbonReading::at)
        .containsExactly(
            Instant.parse("2024-07-05T08:00:00Z"), Instant.parse("2024-07-05T09:00:00Z"));
  }

  @Test
  void olderHistoryComesFromPastRangeInWindowsOfTenDays() {
    clock.advance(Duration.ofDays(40));
    String data =
        "{\"data\":" + HISTORY_FR.substring(HISTORY_FR.indexOf('[')).replaceAll("}\\s*$", "") + "}";
    api.on(PAST_RANGE, json(data));

    var readings =
        source()
            .history(
                "FR", Instant.parse("2024-07-04T11:20:00Z"), Instant.parse("2024-07-05T11:00:00Z"));

    assertThat(readings).hasSize(24);
    assertThat(api.requests().getFirst().pathAndQuery())
        .isEqualTo(
            PAST_RANGE + "?zone=FR&start=2024-07-04T11%3A00%3A00Z&end=2024-07-05T11%3A00%3A00Z");

    source()
        .history(
            "FR", Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-06-26T00:00:00Z"));
    assertThat(api.hits(PAST_RANGE)).isEqualTo(1 + 3);
  }

  @Test
  void latestReadsTheDocumentedShape() {
    api.on(LATEST, json(LATEST_DE));

    assertThat(source().latest("DE"))
        .contains(new CarbonReading(384, Instant.parse("2024-01-29T13:00:00Z")));
    assertThat(api.requests().getFirst().pathAndQuery()).isEqualTo(LATEST + "?zone=DE");
  }

  @Test
  void forecastReadsTheDocumentedShapeAndSkipsNullPoints() {
    // Test values in the documented /forecast shape, not real data.
    api.on(
        FORECAST,
        json(
            """
            {"zone":"NL","forecast":[
              {"carbonIntensity":300,"datetime":"2024-07-05T11:00:00+00:00"},
              {"carbonIntensity":null,"datetime":"2024-07-05T12:00:00+00:00"},
              {"carbonIntensity":250.5,"datetime":"2024-07-05T13:00:00+00:00"},
              {"carbonIntensity":200,"datetime":"2024-07-05T14:00:00+00:00"}],
             "updatedAt":"2024-07-05T10:05:00+00:00"}
            """));

    var f =
        source()
            .forecast(
                "NL", Instant.parse("2024-07-05T11:00:00Z"), Instant.parse("2024-07-05T14:00:00Z"));

    assertThat(f)
        .containsExactly(
            new CarbonReading(300, Instant.parse("2024-07-05T11:00:00Z")),
            new CarbonReading(250.5, Instant.parse("2024-07-05T13:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRejectedTokenIsNamedButNeverShown(int code) {
    api.on(LATEST, status(code, "{\"message\":\"Invalid auth-token " + TOKEN + "\"}"));

    var e = catchThrowableOfType(Unavailable.class, () -> source().latest("DE"));

    assertThat(e.getMessage())
        .contains("electricitymaps", "zone DE", "token was rejected", "HTTP " + code)
        .doesNotContain(TOKEN);
  }

  @Test
  void anUnknownZoneIsNamed() {
    api.on(LATEST, status(404, "{\"error\":\"Zone 'XX' does not exist\"}"));

    assertThatThrownBy(() -> source().latest("XX"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("zone XX")
        .hasMessageContaining("unknown zone (HTTP 404)");
  }

  @Test
  void rateLimitHonoursRetryAfterWithoutAskingAgain() {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "120"));
    var source = source();

    assertThatThrownBy(() -> source.latest("DE"))
        .hasMessageContaining("rate limited (HTTP 429); retry after 120 s");
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> source.latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("not asking again until 2024-07-05T10:32:00Z (90 s left)");
    assertThat(api.hits(LATEST)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(91));
    api.on(LATEST, json(LATEST_DE));
    assertThat(source.latest("DE")).isPresent();
    assertThat(api.hits(LATEST)).isEqualTo(2);
  }

  @Test
  void retryAfterMayBeAnHttpDate() {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "Fri, 05 Jul 2024 10:32:30 GMT"));

    assertThatThrownBy(() -> source().latest("DE"))
        .hasMessageContaining("rate limited (HTTP 429); retry after 150 s");
  }

  /**
   * {@code Retry-After} is digits or a date, as for the GitLab client: a signed number is
   * unreadable and waits the default; this provider used to take {@code +30} as 30 s.
   */
  @ParameterizedTest
  @ValueSource(strings = {"+30", "soon", "1.5"})
  void anUnreadableRetryAfterWaitsTheDefault(String value) {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", value));

    assertThatThrownBy(() -> source().latest("DE"))
        .hasMessageContaining("rate limited (HTTP 429); retry after 60 s");
  }

  /** A wait beyond a day counts as a day; eighteen digits used to overflow the clock and throw. */
  @Test
  void aRetryAfterBeyondADayHoldsForADay() {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "999999999999999999"));
    var source = source();

    assertThatThrownBy(() -> source.latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("rate limited (HTTP 429); retry after 86400 s");
    clock.advance(Duration.ofHours(23));
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("(3600 s left)");
    assertThat(api.hits(LATEST)).isEqualTo(1);
  }

  @Test
  void afterTheWaitOneRequestAsksAndAnotherRateLimitHoldsAgain() {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "10"));
    var source = source();
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("retry after 10 s");

    clock.advance(Duration.ofSeconds(11));
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "20"));
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("retry after 20 s");
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("(20 s left)");
    assertThat(api.hits(LATEST)).isEqualTo(2);

    clock.advance(Duration.ofSeconds(21));
    api.on(LATEST, status(503, ""));
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("server error (HTTP 503)");
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("server error (HTTP 503)");
    assertThat(api.hits(LATEST)).as("a server error does not hold").isEqualTo(4);
  }

  /** Once the wait has passed, one request asks again; until it is answered no other goes out. */
  @Test
  void afterTheWaitOnlyOneRequestAsksUntilItIsAnswered() throws Exception {
    api.on(LATEST, status(429, "{}").withHeader("Retry-After", "10"));
    var source = source();
    assertThatThrownBy(() -> source.latest("DE")).hasMessageContaining("retry after 10 s");

    clock.advance(Duration.ofSeconds(11));
    api.on(LATEST, json(LATEST_DE).delayed(Duration.ofMillis(500)));
    var asking = CompletableFuture.supplyAsync(() -> source.latest("DE"));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (api.hits(LATEST) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThatThrownBy(() -> source.latest("FR"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("one request is asking again now");
    assertThat(asking.get(5, TimeUnit.SECONDS)).isPresent();
    assertThat(api.hits(LATEST)).isEqualTo(2);

    assertThat(source.latest("FR")).as("closed again").isPresent();
    assertThat(api.hits(LATEST)).isEqualTo(3);
  }

  @Test
  void serverErrorsAreNamed() {
    api.on(LATEST, status(503, "upstream down"));

    assertThatThrownBy(() -> source().latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessage("electricitymaps, zone DE: server error (HTTP 503)");
  }

  @Test
  void aSlowAnswerHitsTheTimeout() {
    api.on(LATEST, json(LATEST_DE).delayed(Duration.ofSeconds(3)));
    long start = System.nanoTime();

    assertThatThrownBy(() -> source(Duration.ofMillis(300)).latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("no answer from 127.0.0.1 within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anUnreachableApiIsNamed() {
    var gone = source();
    api.close();

    assertThatThrownBy(() -> gone.latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("cannot reach 127.0.0.1: ")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void garbageIsAMalformedResponseThatNeverEchoesTheToken() {
    api.on(LATEST, json(TOKEN + " <html>"));

    assertThatThrownBy(() -> source().latest("DE"))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("malformed response")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aWrongShapeIsAMalformedResponseNamingTheField() {
    api.on(HISTORY, json("{\"zone\":\"FR\",\"history\":{\"oops\":1}}"));

    assertThatThrownBy(
            () -> source().history("FR", clock.instant().minusSeconds(3600), clock.instant()))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("malformed response")
        .hasMessageContaining("history");
  }

  @Test
  void answersAreCachedForTheirEndpointsTtl() {
    api.on(LATEST, json(LATEST_DE));
    var source = source();

    source.latest("DE");
    source.latest("DE");
    assertThat(api.hits(LATEST)).isEqualTo(1);

    clock.advance(ElectricityMapsSource.LATEST_TTL.plusSeconds(1));
    source.latest("DE");
    assertThat(api.hits(LATEST)).isEqualTo(2);
  }

  @Test
  void whenTheApiStartsFailingTheLastGoodValueComesBackStale() {
    api.on(LATEST, json(LATEST_DE)).on(HISTORY, json(HISTORY_FR));
    var source = source();
    Instant from = Instant.parse("2024-07-05T08:00:00Z");
    var good = source.latest("DE").orElseThrow();
    var goodDay = source.history("FR", from, clock.instant());

    clock.advance(Duration.ofMinutes(20));
    api.failWith(status(500, ""));

    assertThat(source.latest("DE")).contains(new CarbonReading(good.gco2PerKwh(), good.at(), true));
    assertThat(source.history("FR", from, clock.instant().minus(Duration.ofMinutes(20))))
        .hasSize(goodDay.size())
        .allMatch(CarbonReading::stale);
    assertThat(api.hits(LATEST)).isEqualTo(2);
  }

  @Test
  void withoutAGoodValueTheFailureGoesThrough() {
    api.failWith(status(500, ""));

    assertThatThrownBy(() -> source().latest("DE")).isInstanceOf(Unavailable.class);
  }

  @Test
  void noMessageEverContainsTheToken() {
    var source = source(Duration.ofMillis(300));
    for (Answer a :
        List.of(
            status(401, TOKEN),
            status(403, TOKEN),
            status(404, TOKEN),
            status(429, TOKEN).withHeader("Retry-After", "0"),
            status(500, TOKEN),
            json(TOKEN),
            json("{\"carbonIntensity\":\"" + TOKEN + "\",\"datetime\":\"x\"}"),
            json(LATEST_DE).delayed(Duration.ofSeconds(1)))) {
      api.on(LATEST, a);
      var e = catchThrowableOfType(Unavailable.class, () -> source.latest("DE"));
      assertThat(e).as("answer %s", a.status()).isNotNull();
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(t.getMessage()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void aBlankTokenIsRefusedUpFront() {
    assertThatThrownBy(() -> new ElectricityMapsSource(" ", HttpSettings.of(api.url())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an API token");
  }
}
