package dev.runneriq.gitlab.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CI job from {@code /projects/:id/jobs} or {@code /runners/:id/jobs}.
 *
 * @param status as sent ({@code pending}, {@code running}, … or anything newer); {@code unknown}
 *     when missing
 * @param queuedDuration seconds spent pending; for a pending job this grows with every read
 * @param failureReason why a failed job failed ({@code script_failure}, {@code
 *     runner_system_failure}, …); null otherwise
 * @param duration seconds it ran, or has run so far; null before it started
 */
public record GlJob(
    long id,
    String status,
    String stage,
    String name,
    String ref,
    boolean tag,
    List<String> tagList,
    @Nullable String createdAt,
    @Nullable String startedAt,
    @Nullable String finishedAt,
    @Nullable Double queuedDuration,
    @Nullable GlUser user,
    @Nullable GlPipeline pipeline,
    @Nullable GlRunner runner,
    @Nullable String webUrl,
    @Nullable String failureReason,
    @Nullable Double duration) {

  public GlJob {
    status = Lenient.status(status);
    stage = Lenient.text(stage);
    name = Lenient.text(name);
    ref = Lenient.text(ref);
    tagList = Lenient.list(tagList);
  }
}
