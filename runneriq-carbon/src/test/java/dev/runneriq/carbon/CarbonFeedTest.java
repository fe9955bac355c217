package dev.runneriq.carbon;

import static dev.runneriq.carbon.LoopbackApi.Answer.json;
import static dev.runneriq.carbon.LoopbackApi.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CarbonFeedTest {
  static final String TOKEN = ElectricityMapsSourceTest.TOKEN;

  /** Test values in the documented /forecast shape, not real data. */
  static final String FORECAST_DE =
      """
      {"zone":"DE","forecast":[
        {"carbonIntensity":300,"datetime":"2024-01-29T14:00:00+00:00"},
        {"carbonIntensity":150,"datetime":"2024-01-29T15:00:00+00:00"}],
       "updatedAt":"2024-01-29T13:05:00+00:00"}
      """;

  final LoopbackApi api = new LoopbackApi();
  final TestClock clock = new TestClock(Instant.parse("2024-01-29T13:20:00Z"));
  final CarbonFeed feed =
      new CarbonFeed(
          new ElectricityMapsSource(TOKEN, HttpSettings.of(api.url()).withClock(clock)),
          clock,
          Duration.ofMinutes(5),
          Duration.ofHours(10));

  @AfterEach
  void stop() {
    feed.close();
    api.close();
  }

  static Runner in(long id, String zone) {
    return Runner.of(id, "r" + id, List.of(), 2).withSite(zone, 100, 1.0);
  }

  Snapshot fleet() {
    return new Snapshot(
        clock.instant(),
        List.of(in(1, "DE"), in(2, "DE"), Runner.of(3, "r3", List.of(), 1)),
        List.of());
  }

  @Test
  void theRunnersZonesGetTheLatestIntensityAndTheForecastFromTheProvider() {
    api.on(ElectricityMapsSourceTest.LATEST, json(ElectricityMapsSourceTest.LATEST_DE));
    api.on(ElectricityMapsSourceTest.FORECAST, json(FORECAST_DE));

    feed.refreshNow(Set.of("DE"));
    var s = feed.enrich(fleet());

    assertThat(s.carbon()).containsOnlyKeys("DE");
    assertThat(s.carbon().get("DE"))
        .isEqualTo(new CarbonReading(384, Instant.parse("2024-01-29T13:00:00Z")));
    assertThat(s.forecast().get("DE"))
        .extracting(CarbonReading::gco2PerKwh)
        .containsExactly(300.0, 150.0);
    assertThat(s.runners()).hasSize(3);
    assertThat(feed.problems()).isEmpty();
    // one read of each endpoint for the zone two runners share
    assertThat(api.requests())
        .extracting(LoopbackApi.Request::pathAndQuery)
        .filteredOn(p -> p.startsWith(ElectricityMapsSourceTest.LATEST))
        .hasSize(1);
  }

  @Test
  void enrichReadsInTheBackgroundAndNeverWaitsForTheProvider() throws Exception {
    api.on(
        ElectricityMapsSourceTest.LATEST,
        json(ElectricityMapsSourceTest.LATEST_DE).delayed(Duration.ofMillis(500)));
    api.on(ElectricityMapsSourceTest.FORECAST, json(FORECAST_DE));

    long started = System.nanoTime();
    var first = feed.enrich(fleet());
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(first.carbon()).as("nothing read yet, %d ms", tookMs).isEmpty();
    Snapshot later = first;
    for (int i = 0; i < 100 && later.carbon().isEmpty(); i++) {
      Thread.sleep(50);
      later = feed.enrich(fleet());
    }
    assertThat(later.carbon().get("DE").gco2PerKwh()).isEqualTo(384);
  }

  @Test
  void aFailingProviderLeavesTheLastValueMarkedStaleDropsTheForecastAndSaysWhy() {
    api.on(ElectricityMapsSourceTest.LATEST, json(ElectricityMapsSourceTest.LATEST_DE));
    api.on(ElectricityMapsSourceTest.FORECAST, json(FORECAST_DE));
    feed.refreshNow(Set.of("DE"));

    api.failWith(status(503, "{\"message\":\"down for " + TOKEN + "\"}"));
    clock.advance(Duration.ofHours(2));
    feed.refreshNow(Set.of("DE"));
    var s = feed.enrich(fleet());

    assertThat(s.carbon().get("DE").stale()).isTrue();
    assertThat(s.carbon().get("DE").gco2PerKwh()).isEqualTo(384);
    assertThat(s.forecast()).doesNotContainKey("DE");
    assertThat(feed.problems()).containsKey("DE");
    assertThat(feed.problems().get("DE")).doesNotContain(TOKEN);

    api.failWith(null);
    clock.advance(Duration.ofHours(2));
    feed.refreshNow(Set.of("DE"));
    assertThat(feed.enrich(fleet()).carbon().get("DE").stale()).isFalse();
    assertThat(feed.problems()).isEmpty();
  }

  @Test
  void aZoneNeverReadIsLeftOutAndTheProblemNamesIt() {
    api.failWith(status(401, "{\"message\":\"bad token " + TOKEN + "\"}"));

    feed.refreshNow(Set.of("DE"));
    var s = feed.enrich(fleet());

    assertThat(s.carbon()).isEmpty();
    assertThat(s.forecast()).isEmpty();
    assertThat(feed.problems().get("DE")).contains("zone DE").doesNotContain(TOKEN);
  }

  @Test
  void aZoneTheProviderDoesNotKnowIsReportedNotGuessed() {
    var csv =
        new CarbonFeed(
            StaticTableSource.bundled2023(false), clock, Duration.ofMinutes(5), Duration.ZERO);
    csv.refreshNow(Set.of("XX-NOWHERE"));
    var s = csv.enrich(new Snapshot(clock.instant(), List.of(in(1, "XX-NOWHERE")), List.of()));
    csv.close();

    assertThat(s.carbon()).isEmpty();
    assertThat(csv.problems().get("XX-NOWHERE")).contains("no data for zone XX-NOWHERE");
  }
}
