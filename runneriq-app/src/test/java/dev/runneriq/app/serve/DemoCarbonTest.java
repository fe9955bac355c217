package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.Documents;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's grid: the bundled 2023 series on the simulated clock reaches the fleet API, the
 * metrics, the readiness check and the engine's input, with the past and a forecast per zone.
 */
class DemoCarbonTest {
  @TempDir Path dir;

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(SimulatedRun run, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.service().port() + path))
            .header("Authorization", "Bearer " + run.apiToken())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode stats(SimulatedRun run) throws Exception {
    return Documents.JSON
        .readTree(get(run, "/api/v1/stats").body())
        .get("waited")
        .get("24h")
        .get("co2");
  }

  @Test
  void theFleetsZonesCarryTheBundledSeriesAtTheSimulatedTimeAndTheScorerUsesThem()
      throws Exception {
    var fleet = Bundled.fleet();
    var zones = new TreeSet<String>();
    fleet.forEach(r -> zones.add(Objects.requireNonNull(r.zone())));
    try (var run =
        SimulatedRun.start(
            WorkloadPresets.generate("busy-day", 5),
            fleet,
            WorkloadPresets.DAY.plus(Duration.ofHours(13)),
            60,
            5,
            StoreConfig.sqlite(dir.resolve("audit.db")),
            0,
            Engine.standard(EngineConfig.DEFAULT),
            Duration.ofMillis(100))) {
      var service = run.service();
      ServeEndToEndTest.waitFor(
          () -> service.state().snapshot().carbon().keySet().containsAll(zones),
          Duration.ofSeconds(30));

      JsonNode f = Documents.JSON.readTree(get(run, "/api/v1/fleet").body());
      assertThat(f.get("carbon_provider").asText()).isEqualTo("simulated");
      assertThat(f.get("carbon_problems").size()).isZero();
      var actual = run.live().grid(ForecastError.NONE, Duration.ofHours(1));
      for (String zone : zones) {
        var z = f.get("carbon").get(zone);
        Instant at = Instant.parse(z.get("at").asText());
        assertThat(z.get("gco2_per_kwh").asDouble())
            .as("%s at %s is the series' value then", zone, at)
            .isEqualTo(actual.now(zone, at).gco2PerKwh());
        assertThat(z.get("stale").asBoolean()).isFalse();
        assertThat(z.get("history").size()).as("the past hours of %s", zone).isGreaterThan(12);
        // hourly points up to the longest delay (8 h) plus 2 h ahead
        assertThat(z.get("forecast").size()).as("forecast of %s", zone).isBetween(9, 10);
      }
      for (JsonNode r : f.get("runners")) {
        var own = fleet.stream().filter(x -> x.id() == r.get("id").asLong()).findFirst();
        assertThat(r.get("zone").asText()).isEqualTo(own.orElseThrow().zone());
        assertThat(r.get("gco2_per_kwh").isNumber()).isTrue();
      }

      var metrics = get(run, "/metrics").body();
      for (String zone : zones) {
        assertThat(metrics)
            .contains("runneriq_carbon_intensity_gco2_per_kwh{zone=\"" + zone + "\"}")
            .contains("runneriq_carbon_stale{zone=\"" + zone + "\"} 0.0");
      }
      var ready = Documents.JSON.readTree(get(run, "/readyz").body());
      assertThat(ready.get("checks").get("carbon").get("ok").asBoolean()).isTrue();

      // emissions of finished jobs: their runners' power over the run against the zone's series
      ServeEndToEndTest.waitFor(
          () -> {
            try {
              return stats(run).path("jobs_estimated").asInt() > 0;
            } catch (Exception e) {
              return false;
            }
          },
          Duration.ofSeconds(60));
      var co2 = stats(run);
      double gPerKwh = co2.get("co2_kg").asDouble() * 1000 / co2.get("energy_kwh").asDouble();
      double lo = Double.MAX_VALUE;
      double hi = 0;
      for (String zone : zones) {
        for (JsonNode h : f.get("carbon").get(zone).get("history")) {
          lo = Math.min(lo, h.get("gco2_per_kwh").asDouble());
          hi = Math.max(hi, h.get("gco2_per_kwh").asDouble());
        }
      }
      assertThat(gPerKwh).as("mean intensity of the jobs that ran").isBetween(lo * 0.5, hi);

      // the engine's input, as /context shows it, carries the intensity and the forecast
      JsonNode context = Documents.JSON.readTree(get(run, "/api/v1/context").body());
      for (String zone : zones) {
        assertThat(context.get("carbon").get(zone).get("gco2_per_kwh").isNumber()).isTrue();
        assertThat(context.get("forecast").get(zone).size()).isBetween(9, 10);
      }
    }
  }
}
