package dev.runneriq.core.model;

/**
 * Earlier runs of the same job name in the same project.
 *
 * @param runs how many runs the figures are based on
 * @param durationP50S median run time in seconds
 * @param failureRate share of runs that failed, 0–1
 */
public record JobHistory(long runs, double durationP50S, double failureRate) {
  public JobHistory {
    if (runs < 0) {
      throw new IllegalArgumentException("history runs must not be negative, but was " + runs);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException(
          "history failure_rate must be between 0 and 1, but was " + failureRate);
    }
    if (!(durationP50S >= 0)) {
      throw new IllegalArgumentException(
          "history duration_p50_s must not be negative, but was " + durationP50S);
    }
  }
}
