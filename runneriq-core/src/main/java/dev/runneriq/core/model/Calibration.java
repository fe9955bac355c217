package dev.runneriq.core.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Points taken off the priority of every job of a project whose claims stand out from the fleet's
 * (the Optimizer's calibration, or the operator's override), with the reason in words. The analyzer
 * adds it as the {@code calibration} factor line.
 *
 * @param projects per project path
 */
public record Calibration(Map<String, Adjustment> projects) {
  /** No project adjusted. */
  public static final Calibration NONE = new Calibration(Map.of());

  /** The most a calibration may take off a job's priority. */
  public static final int MAX_POINTS = 50;

  public Calibration {
    projects = Map.copyOf(projects);
  }

  /**
   * @param points added to the priority: 0 or less, at least −{@link #MAX_POINTS}
   * @param reason why, as the factor line says it
   */
  public record Adjustment(int points, String reason) {
    public Adjustment {
      Objects.requireNonNull(reason, "reason");
      if (points > 0 || points < -MAX_POINTS) {
        throw new IllegalArgumentException(
            "calibration points must be between -" + MAX_POINTS + " and 0, but were " + points);
      }
    }
  }

  /** The adjustment of {@code project}, or null when it has none. */
  public @Nullable Adjustment of(String project) {
    return projects.get(project);
  }
}
