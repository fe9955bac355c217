package dev.runneriq.gitlab.mapping;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.model.GlGroup;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.ProtectedRefs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's runners and jobs as the core's {@link Runner} and {@link PendingJob}, following the
 * context format's field names. What GitLab does not say comes from the operator's config:
 * concurrency ({@link ConcurrencyConfig}), zone, power and speed ({@link RunnerSites}).
 */
public final class GitLabMapping {
  /** Bot users of project and group access tokens: {@code project_42_bot_3f2a…}. */
  private static final Pattern TOKEN_BOT = Pattern.compile("^(project|group)_\\d+_bot(_.*)?$");

  private GitLabMapping() {}

  /** What of a project the mapping needs. */
  public record ProjectFacts(
      String path, @Nullable String defaultBranch, ProtectedRefs protectedRefs) {
    public static ProjectFacts of(GlProject project, ProtectedRefs refs) {
      return new ProjectFacts(project.path(), project.defaultBranch(), refs);
    }
  }

  /**
   * A runner from its details ({@code /runners/:id}) and the jobs running on it now. The running
   * count is also fed to the estimator before concurrency is resolved.
   */
  public static Runner runner(
      GlRunner r,
      int running,
      ConcurrencyConfig config,
      RunnerSites sites,
      ConcurrencyEstimator estimator) {
    estimator.observe(r.id(), running);
    int concurrency = config.resolve(r, estimator).value();
    var site = sites.resolve(r);
    return Runner.builder(r.id(), r.displayName())
        .type(r.type())
        .tags(r.tagList())
        .runUntagged(r.runUntagged() == null || r.runUntagged())
        .accessLevel(r.accessLevel() == null ? Runner.NOT_PROTECTED : r.accessLevel())
        .paused(r.isPaused())
        .online(r.isOnline())
        .concurrency(concurrency)
        .running(running)
        .zone(site.zone())
        .watts(site.watts())
        .speed(site.speed())
        .projects(r.projects().stream().map(GlProject::path).toList())
        .groups(r.groups().stream().map(GlGroup::path).toList())
        .maximumTimeoutS(r.maximumTimeout())
        .build();
  }

  /**
   * A pending job with its pipeline.
   *
   * @param source the pipeline's source when {@code job} does not carry it (from {@code
   *     /pipelines/:id} or a Pipeline Hook); {@code unknown} when neither has it
   * @param stages the pipeline's stages, when known
   * @param variables the job's variables RunnerIQ reads ({@code RUNNERIQ_PRIORITY}, …), when known
   */
  public static PendingJob pendingJob(
      JobFacts job,
      ProjectFacts project,
      @Nullable String source,
      List<String> stages,
      Instant now,
      Map<String, String> variables) {
    String src = job.source() != null ? job.source() : source != null ? source : "unknown";
    var pipeline =
        new Pipeline(
            job.pipelineId(),
            project.path(),
            job.ref(),
            refKind(job.ref(), job.tag(), src),
            project.protectedRefs().covers(job.ref(), job.tag()),
            !job.tag() && job.ref().equals(project.defaultBranch()),
            src,
            job.user(),
            isBot(job.user(), job.userIsBot()),
            stages);
    Environment env =
        job.environment() == null ? null : new Environment(job.environment(), job.deploymentTier());
    return new PendingJob(
        job.id(),
        job.name(),
        job.stage(),
        job.tags(),
        pendingSince(job, now),
        null,
        env,
        variables,
        pipeline,
        null,
        false);
  }

  static String refKind(String ref, boolean tag, String source) {
    if (tag) {
      return Pipeline.TAG;
    }
    if ("merge_request_event".equals(source) || ref.startsWith("refs/merge-requests/")) {
      return Pipeline.MERGE_REQUEST;
    }
    return Pipeline.BRANCH;
  }

  static boolean isBot(@Nullable String username, @Nullable Boolean flagged) {
    if (flagged != null) {
      return flagged;
    }
    return username != null && TOKEN_BOT.matcher(username).matches();
  }

  /**
   * Now less the time pending so far when GitLab says it; else when the job was created (or queued,
   * from GraphQL); else now.
   */
  static Instant pendingSince(JobFacts job, Instant now) {
    Double queued = job.queuedDurationS();
    if (queued != null && queued >= 0 && !queued.isInfinite()) {
      return now.minus(Duration.ofMillis(Math.round(queued * 1000)));
    }
    return job.createdAt() != null ? job.createdAt() : now;
  }
}
