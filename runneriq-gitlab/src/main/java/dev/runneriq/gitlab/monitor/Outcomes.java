package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.webhook.JobEvent;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job's {@link JobOutcome} from what GitLab showed of it; it became pending at its start less the
 * time it was queued, else at its creation.
 */
public final class Outcomes {
  private Outcomes() {}

  /**
   * From a job listing ({@code /runners/:id/jobs}, {@code /projects/:id/jobs}).
   *
   * @param project the project's path, when the listing was of one project
   */
  public static JobOutcome of(GlJob job, @Nullable Long runnerId, @Nullable String project) {
    var runner = job.runner();
    Instant started = GitLabTimes.parse(job.startedAt());
    return new JobOutcome(
        job.id(),
        runnerId != null ? runnerId : runner == null ? null : Long.valueOf(runner.id()),
        job.status(),
        pendingAt(started, job.queuedDuration(), GitLabTimes.parse(job.createdAt())),
        started,
        GitLabTimes.parse(job.finishedAt()),
        project,
        job.name(),
        job.failureReason(),
        job.duration());
  }

  /** From a Job Hook, or a job of a Pipeline Hook. */
  static JobOutcome of(JobEvent e) {
    return new JobOutcome(
        e.id(),
        e.runnerId(),
        e.status(),
        pendingAt(e.startedAt(), e.queuedDurationS(), e.createdAt()),
        e.startedAt(),
        e.finishedAt(),
        e.projectPath(),
        e.name(),
        e.failureReason(),
        e.durationS());
  }

  private static @Nullable Instant pendingAt(
      @Nullable Instant started, @Nullable Double queuedS, @Nullable Instant created) {
    if (started != null && queuedS != null && queuedS >= 0 && Double.isFinite(queuedS)) {
      return started.minus(Duration.ofMillis(Math.round(queuedS * 1000)));
    }
    return created;
  }
}
