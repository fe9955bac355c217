package dev.runneriq.store;

import dev.runneriq.core.model.JobOutcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A decision as the audit log holds it: the indexed columns, the full decision as JSON ({@code
 * runneriq.decision/v1}), and the job's outcome when GitLab has shown it.
 */
public record StoredDecision(
    String id,
    Instant at,
    long jobId,
    long pipelineId,
    String project,
    String jobName,
    String tier,
    int score,
    String action,
    @Nullable Long runnerId,
    String decidedBy,
    boolean needsReview,
    String json,
    @Nullable JobOutcome outcome) {

  /** Whether the job ran where RunnerIQ advised; null while that is not known. */
  public @Nullable Boolean followed() {
    if (outcome == null || outcome.runnerId() == null || runnerId == null) {
      return null;
    }
    return outcome.runnerId().equals(runnerId);
  }
}
