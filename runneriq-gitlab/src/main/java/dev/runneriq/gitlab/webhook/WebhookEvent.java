package dev.runneriq.gitlab.webhook;

/** A parsed hook: a {@link JobEvent} or a {@link PipelineEvent}. */
public sealed interface WebhookEvent permits JobEvent, PipelineEvent {
  /** GitLab's {@code object_kind}: {@code build} or {@code pipeline}. */
  String kind();
}
