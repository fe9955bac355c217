package dev.runneriq.core.placement;

import dev.runneriq.core.model.CarbonReading;
import java.util.Map;

/** What scorers may look at besides the job and the runner: the grid, and defaults. */
public record ScoringInputs(Map<String, CarbonReading> carbon, double defaultSuccessRate) {
  public ScoringInputs {
    carbon = Map.copyOf(carbon);
  }
}
