package dev.runneriq.optimizer;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link Learner} knows, as plain values for the store: decayed weights as of a moment,
 * which a restored learner decays on from there.
 */
public record LearnedState(List<RunnerState> runners, List<JobState> jobs) {
  public LearnedState {
    runners = List.copyOf(runners);
    jobs = List.copyOf(jobs);
  }

  /**
   * One runner's decayed sums as of {@code asOf}.
   *
   * @param runs runs that count for health (every finished run but a cancelled one)
   * @param faults those that failed by the runner's fault
   * @param logRatioSum the sum of ln(duration / the job's median) over successful runs compared
   * @param ratioRuns how many runs that sum holds
   */
  public record RunnerState(
      long runnerId,
      double runs,
      double faults,
      double logRatioSum,
      double ratioRuns,
      Instant asOf) {}

  /**
   * One job's decayed counts as of {@code asOf} and its latest durations.
   *
   * @param runs runs that count for it (not cancelled, not failed by the runner's fault)
   * @param failures those that failed on the job's own account
   */
  public record JobState(
      String project,
      String job,
      double runs,
      double failures,
      Instant asOf,
      List<Sample> samples) {
    public JobState {
      samples = List.copyOf(samples);
    }
  }

  /** A run's duration on a speed-1.0 runner, and when it ended. */
  public record Sample(double durationS, Instant at) {}
}
