package dev.runneriq.core.engine;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.placement.PlacementConfig;
import dev.runneriq.core.priority.PriorityPolicy;
import java.util.Set;

/**
 * Everything the engine is tuned by.
 *
 * @param carbon when low-priority work may wait for a greener window
 * @param mode {@code advisory}, {@code gate}, {@code route} or {@code preempt}; recorded in each
 *     decision
 */
public record EngineConfig(
    String mode, PriorityPolicy priority, PlacementConfig placement, CarbonPolicy carbon) {
  public static final Set<String> MODES = Set.of("advisory", "gate", "route", "preempt");

  public EngineConfig {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException(
          "mode must be one of advisory, gate, route, preempt, but was " + mode + " (mode)");
    }
  }

  /** A config with the default carbon policy. */
  public EngineConfig(String mode, PriorityPolicy priority, PlacementConfig placement) {
    this(mode, priority, placement, CarbonPolicy.DEFAULT);
  }

  public static final EngineConfig DEFAULT =
      new EngineConfig(
          "advisory", PriorityPolicy.DEFAULT, PlacementConfig.DEFAULT, CarbonPolicy.DEFAULT);

  /** The same in another mode. */
  public EngineConfig withMode(String other) {
    return new EngineConfig(other, priority, placement, carbon);
  }
}
