package dev.runneriq.gitlab.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One job's state from a Job Hook ({@code object_kind: build}), or from the job list of a Pipeline
 * Hook with the pipeline's ref and project filled in.
 *
 * @param projectPath {@code group/app}, or null when the hook names no path
 * @param runnerId the runner it runs or ran on; null while pending
 * @param failureReason GitLab's reason a failed job failed ({@code build_failure_reason}, a
 *     Pipeline Hook build's {@code failure_reason}); null otherwise
 * @param durationS seconds it ran (the hook's {@code build_duration}, or the build's own), when
 *     given
 */
public record JobEvent(
    long id,
    String name,
    String stage,
    String status,
    long pipelineId,
    long projectId,
    @Nullable String projectPath,
    @Nullable String defaultBranch,
    String ref,
    boolean tag,
    @Nullable Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Double queuedDurationS,
    @Nullable Long runnerId,
    List<String> runnerTags,
    @Nullable String environment,
    @Nullable String deploymentTier,
    @Nullable String user,
    @Nullable String failureReason,
    @Nullable Double durationS)
    implements StatusUpdate, WebhookEvent {

  public JobEvent {
    runnerTags = List.copyOf(runnerTags);
  }

  /** The latest of the job's timestamps the event carries. */
  @Override
  public @Nullable Instant at() {
    return finishedAt != null ? finishedAt : startedAt != null ? startedAt : createdAt;
  }

  @Override
  public String kind() {
    return "build";
  }
}
