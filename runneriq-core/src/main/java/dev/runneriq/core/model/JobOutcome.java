package dev.runneriq.core.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What GitLab later showed about a job: where it ran, when it became pending, started and ended.
 *
 * @param status GitLab's job status as given ({@code running}, {@code success}, …)
 */
public record JobOutcome(
    long jobId,
    @Nullable Long runnerId,
    String status,
    @Nullable Instant pendingAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt) {

  /** Seconds the job waited for a runner, when known. */
  public @Nullable Long waitedSeconds() {
    return pendingAt == null || startedAt == null
        ? null
        : Math.max(0, startedAt.getEpochSecond() - pendingAt.getEpochSecond());
  }
}
