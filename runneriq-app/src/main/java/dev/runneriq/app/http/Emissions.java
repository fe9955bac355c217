package dev.runneriq.app.http;

import dev.runneriq.core.carbon.Intensity;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Runner;
import dev.runneriq.store.WindowStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Energy and CO2 of the jobs that ran, estimated from what the service knows: the runner and run
 * interval GitLab showed (the outcome), the runner's power from the fleet configuration, and its
 * zone's intensity over the run as the carbon feed read it (a step function, integrated over the
 * interval). A job whose runner, power or zone intensity is unknown is counted apart, never
 * guessed.
 */
final class Emissions {
  private Emissions() {}

  /**
   * The jobs of {@code finished} (one run per job) that ran, those whose CO2 could be estimated and
   * those without carbon data, with their energy (kWh) and CO2 (kg), to four decimals.
   */
  record Summary(
      int jobsFinished, int jobsEstimated, int withoutCarbonData, double energyKwh, double co2Kg) {}

  static Summary summarize(List<WindowStats.Run> finished, LiveState state) {
    var runners = new HashMap<Long, Runner>();
    state.snapshot().runners().forEach(r -> runners.put(r.id(), r));
    var intensity = new HashMap<String, Optional<Intensity>>();
    int jobs = 0;
    int estimated = 0;
    int withoutData = 0;
    double kwh = 0;
    double kg = 0;
    for (var run : finished) {
      jobs++;
      Runner r = runners.get(run.runnerId());
      if (r == null) {
        withoutData++;
        continue;
      }
      kwh += Intensity.energyKwh(r.watts(), run.started(), run.finished());
      Intensity zone = r.zone() == null ? null : intensity(intensity, r.zone(), state);
      if (zone == null) {
        withoutData++;
        continue;
      }
      kg += zone.emissionsKg(r.watts(), run.started(), run.finished());
      estimated++;
    }
    return new Summary(
        jobs,
        estimated,
        withoutData,
        Math.round(kwh * 10_000) / 10_000.0,
        Math.round(kg * 10_000) / 10_000.0);
  }

  private static @Nullable Intensity intensity(
      Map<String, Optional<Intensity>> cache, String zone, LiveState state) {
    var known = cache.get(zone);
    if (known == null) {
      List<CarbonReading> readings = state.carbonHistory().get(zone);
      if (readings == null || readings.isEmpty()) {
        var now = state.snapshot().carbon().get(zone);
        readings = now == null ? List.of() : List.of(now);
      }
      known = readings.isEmpty() ? Optional.empty() : Optional.of(new Intensity(readings));
      cache.put(zone, known);
    }
    return known.orElse(null);
  }
}
