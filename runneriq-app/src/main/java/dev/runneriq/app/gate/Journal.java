package dev.runneriq.app.gate;

import dev.runneriq.store.ActionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the actuator records what it does to GitLab (the audit log's actions): each write before it
 * is sent and again with GitLab's answer, and each change of mode. What it holds survives a
 * restart, so a job is never played, cancelled or retried twice.
 */
public interface Journal {
  /**
   * Whether a write of this kind to this job was ever sent (answered or not; dry runs do not
   * count).
   */
  boolean alreadyActed(ActionKind kind, long jobId);

  /**
   * Records a write about to be sent (or, in a dry run, that would be); returns its id, or -1 when
   * a write of this kind to the job is recorded already (by this or another instance). Durable when
   * it returns.
   *
   * @param decisionId the logged decision that caused it, or null
   */
  long intend(
      ActionKind kind,
      long jobId,
      String project,
      @Nullable String decisionId,
      String reason,
      boolean dryRun);

  /**
   * GitLab's answer to a write.
   *
   * @param state {@code done}, {@code failed}, {@code forbidden} or {@code dry_run}
   * @param httpStatus GitLab's status, 0 when no answer came
   * @param newJobId for a retry GitLab did, the new job's id; else null
   */
  void answered(long id, String state, int httpStatus, String answer, @Nullable Long newJobId);

  /** Cancellations sent (not dry runs) since {@code since}, oldest first: when each was sent. */
  List<Instant> cancelsSince(Instant since);

  /**
   * Jobs cancelled since {@code since} with GitLab's "done" and no retry recorded (a process that
   * stopped between the two), with their projects: each is to be retried.
   */
  Map<Long, String> cancelledNotRetried(Instant since);

  /** A change of mode (the kill switch, a config reload), with who asked and why. */
  void modeChanged(String from, String to, String who, String why);

  /** The last mode change recorded, or null. */
  @Nullable ModeChange lastModeChange();

  /** A recorded change of mode. */
  record ModeChange(String to, String who, Instant at) {}
}
