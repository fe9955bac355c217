package dev.runneriq.gitlab.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's state from a Pipeline Hook ({@code object_kind: pipeline}), with the states of its
 * jobs as that hook lists them.
 *
 * @param source {@code push}, {@code schedule}, {@code merge_request_event} … as sent
 */
public record PipelineEvent(
    long id,
    String status,
    long projectId,
    @Nullable String projectPath,
    @Nullable String defaultBranch,
    String ref,
    boolean tag,
    String source,
    List<String> stages,
    @Nullable Instant createdAt,
    @Nullable Instant finishedAt,
    @Nullable String user,
    List<JobEvent> jobs)
    implements StatusUpdate, WebhookEvent {

  public PipelineEvent {
    stages = List.copyOf(stages);
    jobs = List.copyOf(jobs);
  }

  @Override
  public @Nullable Instant at() {
    return finishedAt != null ? finishedAt : createdAt;
  }

  @Override
  public String kind() {
    return "pipeline";
  }
}
