package dev.runneriq.optimizer;

import java.time.Duration;

/**
 * How the learner weighs what it saw.
 *
 * @param halfLife a run's weight halves every half-life: a runner repaired a week ago is judged by
 *     this week's runs
 * @param priorRuns how many runs of the prior each estimate starts from (health at the default
 *     success rate, speed at the declared speed), so a few runs move it a little and many runs
 *     settle it
 * @param defaultSuccessRate the prior health, the engine's default for a runner with no history
 * @param samplesPerJob the latest successful durations kept per job for its quantiles
 * @param maxJobs the most jobs (project and name) remembered; the least recently run are forgotten
 */
public record LearnConfig(
    Duration halfLife,
    double priorRuns,
    double defaultSuccessRate,
    int samplesPerJob,
    int maxJobs) {

  /** Three days' half-life, 5 runs of prior, 64 samples per job, 50,000 jobs. */
  public static final LearnConfig DEFAULT =
      new LearnConfig(Duration.ofDays(3), 5, 0.95, 64, 50_000);

  public LearnConfig {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("half_life must be positive, but was " + halfLife);
    }
    if (!(priorRuns >= 0) || Double.isInfinite(priorRuns)) {
      throw new IllegalArgumentException("prior_runs must be 0 or more, but was " + priorRuns);
    }
    if (!(defaultSuccessRate >= 0 && defaultSuccessRate <= 1)) {
      throw new IllegalArgumentException(
          "default success rate must be between 0 and 1, but was " + defaultSuccessRate);
    }
    if (samplesPerJob < 1) {
      throw new IllegalArgumentException(
          "samples_per_job must be at least 1, but was " + samplesPerJob);
    }
    if (maxJobs < 1) {
      throw new IllegalArgumentException("max_jobs must be at least 1, but was " + maxJobs);
    }
  }

  /** The factor a weight from {@code ageMs} ago carries now: 1 at 0, ½ at one half-life. */
  double decay(long ageMs) {
    return ageMs <= 0 ? 1 : Math.pow(0.5, ageMs / (double) halfLife.toMillis());
  }
}
