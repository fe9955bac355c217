package dev.runneriq.optimizer;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finished run of a job, as GitLab reports it.
 *
 * @param project the project's path ({@code group/app})
 * @param job the job's name
 * @param runnerId the runner that ran it; null when none did
 * @param status GitLab's final status ({@code success}, {@code failed}, {@code canceled}, …)
 * @param failureReason GitLab's {@code failure_reason} of a failed run, null otherwise
 * @param durationS how long it ran, in seconds
 * @param runnerSpeed the runner's declared speed (the operator's, 1.0 when none is declared): a
 *     run's duration times this is its duration on a speed-1.0 runner, which is what the learner
 *     compares, so a speed already declared is not learned again
 * @param finishedAt when it ended: the clock the decay runs on
 */
public record Run(
    String project,
    String job,
    @Nullable Long runnerId,
    String status,
    @Nullable String failureReason,
    double durationS,
    double runnerSpeed,
    Instant finishedAt) {

  public static final String SUCCESS = "success";
  public static final String FAILED = "failed";

  public Run {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finished_at");
    if (!(durationS >= 0) || Double.isInfinite(durationS)) {
      throw new IllegalArgumentException(
          "duration must be 0 or more seconds, but was " + durationS);
    }
    if (!(runnerSpeed > 0) || Double.isInfinite(runnerSpeed)) {
      throw new IllegalArgumentException("runner speed must be positive, but was " + runnerSpeed);
    }
  }

  /** A run that ended as GitLab's {@code success}. */
  public boolean succeeded() {
    return SUCCESS.equals(status);
  }

  /** A run that failed because of its runner (see {@link FailureReasons#runnersFault}). */
  public boolean runnersFault() {
    return FAILED.equals(status) && FailureReasons.runnersFault(failureReason);
  }

  /** A run that failed on its own account: its script, its timeout, its dependencies. */
  public boolean jobsFault() {
    return FAILED.equals(status) && !FailureReasons.runnersFault(failureReason);
  }

  /** The run's duration on a speed-1.0 runner. */
  double normalizedS() {
    return durationS * runnerSpeed;
  }
}
