package dev.runneriq.gitlab.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job from GraphQL {@code Query.jobs}: ids taken from global ids ({@code
 * gid://gitlab/Ci::Build/7002} gives 7002), the status lower-cased to match REST.
 *
 * @param tag {@code createdByTag}: the ref is a tag
 * @param userIsBot the pipeline user's {@code bot}, or null when GitLab did not say
 */
public record GlGraphQlJob(
    long id,
    String name,
    String status,
    String stage,
    String ref,
    boolean tag,
    List<String> tags,
    @Nullable String createdAt,
    @Nullable String queuedAt,
    @Nullable Long pipelineId,
    @Nullable String pipelineSource,
    @Nullable String projectPath,
    @Nullable String username,
    @Nullable Boolean userIsBot) {

  public GlGraphQlJob {
    name = Lenient.text(name);
    status = Lenient.status(status);
    stage = Lenient.text(stage);
    ref = Lenient.text(ref);
    tags = Lenient.list(tags);
  }
}
