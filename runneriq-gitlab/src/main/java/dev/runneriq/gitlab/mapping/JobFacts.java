package dev.runneriq.gitlab.mapping;

import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.model.GlGraphQlJob;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.webhook.JobEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What RunnerIQ needs of a job, whichever way GitLab told of it (REST, GraphQL or a hook), so one
 * mapping serves all three.
 *
 * @param queuedDurationS seconds pending so far, when the source says
 * @param source the pipeline source, or null when unknown here (fetch the pipeline)
 */
public record JobFacts(
    long id,
    String name,
    String stage,
    String status,
    List<String> tags,
    @Nullable Instant createdAt,
    @Nullable Double queuedDurationS,
    long pipelineId,
    String ref,
    boolean tag,
    @Nullable String source,
    @Nullable String user,
    @Nullable Boolean userIsBot,
    @Nullable String environment,
    @Nullable String deploymentTier) {

  public JobFacts {
    tags = List.copyOf(tags);
  }

  /** The job with other timing (a job read after it started) or environment (from hooks). */
  public JobFacts with(
      @Nullable Instant newCreatedAt,
      @Nullable Double newQueuedS,
      @Nullable String newEnvironment,
      @Nullable String newDeploymentTier) {
    return new JobFacts(
        id,
        name,
        stage,
        status,
        tags,
        newCreatedAt,
        newQueuedS,
        pipelineId,
        ref,
        tag,
        source,
        user,
        userIsBot,
        newEnvironment,
        newDeploymentTier);
  }

  /** The job with the tags and pipeline source GitLab gave another job (a hook carries neither). */
  public JobFacts withTagsAndSource(List<String> newTags, @Nullable String newSource) {
    return new JobFacts(
        id,
        name,
        stage,
        status,
        newTags,
        createdAt,
        queuedDurationS,
        pipelineId,
        ref,
        tag,
        newSource,
        user,
        userIsBot,
        environment,
        deploymentTier);
  }

  /** From {@code /projects/:id/jobs}: no environment; the source when the pipeline has it. */
  public static JobFacts of(GlJob job) {
    GlPipeline p = job.pipeline();
    var user = job.user();
    return new JobFacts(
        job.id(),
        job.name(),
        job.stage(),
        job.status(),
        job.tagList(),
        GitLabTimes.parse(job.createdAt()),
        job.queuedDuration(),
        p == null ? -1 : p.id(),
        job.ref(),
        job.tag(),
        p == null ? null : p.source(),
        user == null ? null : user.username(),
        user == null ? null : user.bot(),
        null,
        null);
  }

  /** From GraphQL {@code Query.jobs}: pending since {@code queuedAt}; no environment. */
  public static JobFacts of(GlGraphQlJob job) {
    Instant queued = GitLabTimes.parse(job.queuedAt());
    return new JobFacts(
        job.id(),
        job.name(),
        job.stage(),
        job.status(),
        job.tags(),
        queued != null ? queued : GitLabTimes.parse(job.createdAt()),
        null,
        job.pipelineId() == null ? -1 : job.pipelineId(),
        job.ref(),
        job.tag(),
        job.pipelineSource(),
        job.username(),
        job.userIsBot(),
        null,
        null);
  }

  /** From a Job Hook or a Pipeline Hook's job list. */
  public static JobFacts of(JobEvent e) {
    return new JobFacts(
        e.id(),
        e.name(),
        e.stage(),
        e.status(),
        List.of(),
        e.createdAt(),
        e.queuedDurationS(),
        e.pipelineId(),
        e.ref(),
        e.tag(),
        null,
        e.user(),
        null,
        e.environment(),
        e.deploymentTier());
  }
}
