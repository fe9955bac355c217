package dev.runneriq.core.model;

/**
 * What history says about a runner.
 *
 * @param jobs how many finished jobs the figures are based on
 * @param successRate share of those jobs that succeeded, 0–1
 * @param durationFactor how long jobs take here relative to their typical duration (1.05 = 5%
 *     slower than usual); positive
 */
public record RunnerStats(long jobs, double successRate, double durationFactor) {
  public RunnerStats {
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException(
          "success_rate must be between 0 and 1, but was " + successRate);
    }
    if (!(durationFactor > 0)) {
      throw new IllegalArgumentException(
          "duration_factor must be positive, but was " + durationFactor);
    }
  }
}
