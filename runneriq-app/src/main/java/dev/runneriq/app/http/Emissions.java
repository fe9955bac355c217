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
public final class Emissions {
  private Emissions() {}

  /**
   * The jobs of {@code finished} (one run per job) that ran, those whose CO2 could be estimated and
   * those without carbon data, with their energy (kWh) and CO2 (kg), to four decimals.
   */
  public record Summary(
      int jobsFinished, int jobsEstimated, int withoutCarbonData, double energyKwh, double co2Kg) {}

  /**
   * Sums finished jobs into a {@link Summary}: each job's energy when its runner is known, its CO2
   * when its zone's intensity is too; a job lacking either is counted apart, never as 0.
   */
  public static final class Tally {
    private int jobs;
    private int estimated;
    private int withoutData;
    private double kwh;
    private double kg;

    /** A job that ran on a runner whose power is unknown: neither energy nor CO2. */
    public void unknownRunner() {
      jobs++;
      withoutData++;
    }

    /** A job that used {@code energyKwh}, emitting {@code co2Kg} (null: no carbon data). */
    public void ran(double energyKwh, @Nullable Double co2Kg) {
      jobs++;
      kwh += energyKwh;
      if (co2Kg == null) {
        withoutData++;
      } else {
        kg += co2Kg;
        estimated++;
      }
    }

    public Summary summary() {
      return new Summary(jobs, estimated, withoutData, round(kwh), round(kg));
    }
  }

  /** To four decimals, as the API answers kWh and kg. */
  public static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  static Summary summarize(List<WindowStats.Run> finished, LiveState state) {
    var runners = new HashMap<Long, Runner>();
    state.snapshot().runners().forEach(r -> runners.put(r.id(), r));
    var intensity = new HashMap<String, Optional<Intensity>>();
    var tally = new Tally();
    for (var run : finished) {
      Runner r = runners.get(run.runnerId());
      if (r == null) {
        tally.unknownRunner();
        continue;
      }
      Intensity zone = r.zone() == null ? null : intensity(intensity, r.zone(), state);
      tally.ran(
          Intensity.energyKwh(r.watts(), run.started(), run.finished()),
          zone == null ? null : zone.emissionsKg(r.watts(), run.started(), run.finished()));
    }
    return tally.summary();
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
