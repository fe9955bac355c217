package dev.runneriq.gitlab.model;

import com.fasterxml.jackson.annotation.JsonView;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline, whole ({@code /projects/:id/pipelines/:pipeline_id}) or as a job embeds it.
 *
 * @param source {@code push}, {@code schedule}, {@code merge_request_event} … as sent, or null
 * @param tag only from the pipeline's own endpoint ({@link GlView.Details}), as {@code user}
 */
public record GlPipeline(
    long id,
    @Nullable Long iid,
    @Nullable Long projectId,
    String status,
    String ref,
    @Nullable String sha,
    @Nullable String source,
    @JsonView(GlView.Details.class) @Nullable Boolean tag,
    @JsonView(GlView.Details.class) @Nullable GlUser user,
    @Nullable String createdAt,
    @Nullable String updatedAt,
    @Nullable String webUrl) {

  public GlPipeline {
    status = Lenient.status(status);
    ref = Lenient.text(ref);
  }
}
