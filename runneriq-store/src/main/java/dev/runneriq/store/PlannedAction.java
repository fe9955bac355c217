package dev.runneriq.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A write RunnerIQ is about to send to GitLab, as {@link ActionLog#intend} records it before it is
 * sent.
 *
 * @param kind play, cancel or retry (a mode change is {@link ModeChange})
 * @param project the job's project path, e.g. {@code shop/web}
 * @param decisionId the decision that caused it; null when none did (an operator's request)
 * @param reason why, in words, e.g. {@code deploy-prod is CRITICAL (92) and runner 11 is free}
 * @param dryRun {@code gate.dry_run}: recorded as {@code dry_run} and never sent
 * @param instance the process that writes it, as {@code ActuatorLease} names it
 */
public record PlannedAction(
    ActionKind kind,
    long jobId,
    String project,
    @Nullable String decisionId,
    String reason,
    boolean dryRun,
    Instant requestedAt,
    String instance) {

  public PlannedAction {
    if (kind == ActionKind.MODE) {
      throw new IllegalArgumentException("a mode change is recorded as a ModeChange, not planned");
    }
    if (jobId <= 0) {
      throw new IllegalArgumentException("job id must be positive, but was " + jobId);
    }
    Texts.required("project", project, 512);
    Texts.required("reason", reason, Texts.LONG);
    Texts.required("instance", instance, 256);
    if (decisionId != null) {
      Texts.required("decision id", decisionId, 32);
    }
  }
}
