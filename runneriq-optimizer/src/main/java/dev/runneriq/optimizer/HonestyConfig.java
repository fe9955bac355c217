package dev.runneriq.optimizer;

import dev.runneriq.core.model.Calibration;
import java.time.Duration;
import java.util.Map;

/**
 * When a project's claims stand out enough to be damped, and by how much.
 *
 * @param halfLife what a project's jobs claimed weighs half after this long
 * @param minPipelines a project is judged once this many of its pipelines were seen
 * @param minShare a claim stands out only if at least this share of the project's pipelines or jobs
 *     make it
 * @param ratio ... and at least this many times the share of the other projects'
 * @param maxPoints the most a calibration takes off (at an excess of 50 points of share or more)
 * @param overrides per project path, points set by the operator in place of what was found (0:
 *     never damp this project)
 */
public record HonestyConfig(
    Duration halfLife,
    int minPipelines,
    double minShare,
    double ratio,
    int maxPoints,
    Map<String, Integer> overrides) {

  /** A week's half-life; judged after 10 pipelines; 25% and 3 times the others'; at most 15. */
  public static final HonestyConfig DEFAULT =
      new HonestyConfig(Duration.ofDays(7), 10, 0.25, 3, 15, Map.of());

  public HonestyConfig {
    overrides = Map.copyOf(overrides);
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("half_life must be positive, but was " + halfLife);
    }
    if (minPipelines < 1) {
      throw new IllegalArgumentException(
          "min_pipelines must be at least 1, but was " + minPipelines);
    }
    if (!(minShare > 0 && minShare <= 1)) {
      throw new IllegalArgumentException("min_share must be in (0, 1], but was " + minShare);
    }
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("ratio must be at least 1, but was " + ratio);
    }
    if (maxPoints < 0 || maxPoints > Calibration.MAX_POINTS) {
      throw new IllegalArgumentException(
          "max_points must be between 0 and " + Calibration.MAX_POINTS + ", but was " + maxPoints);
    }
    overrides.forEach(
        (project, points) -> {
          if (points > 0 || points < -Calibration.MAX_POINTS) {
            throw new IllegalArgumentException(
                "the calibration of "
                    + project
                    + " must be between -"
                    + Calibration.MAX_POINTS
                    + " and 0, but was "
                    + points);
          }
        });
  }

  public HonestyConfig withOverrides(Map<String, Integer> other) {
    return new HonestyConfig(halfLife, minPipelines, minShare, ratio, maxPoints, other);
  }
}
