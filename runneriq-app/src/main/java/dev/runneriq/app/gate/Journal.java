package dev.runneriq.app.gate;

import dev.runneriq.core.model.PendingJob;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where the actuator records what it does to GitLab (the audit log's actions): each write before it
 * is sent and again with GitLab's answer, and each change of mode. What it holds survives a
 * restart, so a job is never played twice.
 */
public interface Journal {
  /** Whether a play of this job was ever sent (answered or not; dry runs do not count). */
  boolean alreadyPlayed(long jobId);

  /**
   * Records a play about to be sent (or, in a dry run, that would be); returns its id, or -1 when a
   * play of the job is recorded already (by this or another instance). Durable when it returns.
   *
   * @param decisionId the logged decision that caused it, or null
   */
  long intendPlay(PendingJob job, @Nullable String decisionId, String reason, boolean dryRun);

  /**
   * GitLab's answer to a write.
   *
   * @param state {@code done}, {@code failed}, {@code forbidden} or {@code dry_run}
   * @param httpStatus GitLab's status, 0 when no answer came
   */
  void answered(long id, String state, int httpStatus, String answer);

  /** A change of mode (the kill switch, a config reload), with who asked and why. */
  void modeChanged(String from, String to, String who, String why);

  /** The last mode change recorded, or null. */
  @Nullable ModeChange lastModeChange();

  /** A recorded change of mode. */
  record ModeChange(String to, String who, Instant at) {}
}
