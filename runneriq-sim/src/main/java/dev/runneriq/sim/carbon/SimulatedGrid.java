package dev.runneriq.sim.carbon;

import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * A carbon provider over a bundled or given series on a simulated clock, for {@code runneriq demo}:
 * the intensity in force at the clock's time, and the forecast a {@link SeriesForecast} makes (with
 * the measured forecast error where the series has no forecast rows of its own).
 */
public final class SimulatedGrid implements CarbonSource {
  private final SeriesForecast grid;
  private final InstantSource clock;

  public SimulatedGrid(SeriesForecast grid, InstantSource clock) {
    this.grid = grid;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Optional<CarbonReading> latest(String zone) {
    return grid.has(zone) ? Optional.of(grid.now(zone, clock.instant())) : Optional.empty();
  }

  @Override
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    return grid.history(zone, from, to);
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant from, Instant to) {
    if (!grid.has(zone)) {
      return List.of();
    }
    return grid.forecast(zone, clock.instant()).stream()
        .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to))
        .toList();
  }
}
