package dev.runneriq.core.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What GitLab later showed about a job: where it ran, when it became pending, started and ended.
 *
 * @param status GitLab's job status as given ({@code running}, {@code success}, …)
 * @param project the job's project path, when the source said it
 * @param name the job's name, when the source said it
 * @param failureReason GitLab's {@code failure_reason} of a failed job, when given
 * @param durationS how long it ran, in seconds, when given
 */
public record JobOutcome(
    long jobId,
    @Nullable Long runnerId,
    String status,
    @Nullable Instant pendingAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String project,
    @Nullable String name,
    @Nullable String failureReason,
    @Nullable Double durationS) {

  /** What the audit log keeps of a job: where and when, without what it was and how it ended. */
  public JobOutcome(
      long jobId,
      @Nullable Long runnerId,
      String status,
      @Nullable Instant pendingAt,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt) {
    this(jobId, runnerId, status, pendingAt, startedAt, finishedAt, null, null, null, null);
  }

  /** Seconds the job waited for a runner, when known. */
  public @Nullable Long waitedSeconds() {
    return pendingAt == null || startedAt == null
        ? null
        : Math.max(0, startedAt.getEpochSecond() - pendingAt.getEpochSecond());
  }
}
