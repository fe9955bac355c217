package dev.runneriq.core.placement;

import dev.runneriq.core.model.CarbonReading;
import java.util.Map;

/**
 * What scorers may look at besides the job and the runner: the grid, the fleet's rare tags, and
 * defaults.
 */
public record ScoringInputs(
    Map<String, CarbonReading> carbon, double defaultSuccessRate, Scarcity scarcity) {
  public ScoringInputs {
    carbon = Map.copyOf(carbon);
  }

  /** Inputs for a fleet without rare tags. */
  public ScoringInputs(Map<String, CarbonReading> carbon, double defaultSuccessRate) {
    this(carbon, defaultSuccessRate, Scarcity.NONE);
  }
}
