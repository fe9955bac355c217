package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.mapping.JobFacts;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlDeployment.GlEnvironment;
import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.JobStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The deployment environments of pending jobs that neither GitLab's job listings (REST and GraphQL
 * carry none) nor a webhook has named, from the project's deployments still {@code created}: GitLab
 * makes a deploy job's deployment with the job and keeps it {@code created} until the job runs. A
 * production deploy already pending when the service starts is so known as one before any hook.
 * Each job is looked up once (its environment does not change); a project is asked once per
 * listing, and only for jobs not known yet. Not thread-safe: the Monitor's poll owns it.
 */
final class Environments {
  private static final int JOBS = 100_000;

  /**
   * How much earlier than its job a deployment may have been made: GitLab makes both while it
   * creates the pipeline.
   */
  private static final Duration SLACK = Duration.ofMinutes(10);

  private final Calls calls;
  private final Skips skips;
  private final JobStateStore hooks;
  private final Map<Long, Optional<GlEnvironment>> byJob =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<GlEnvironment>> eldest) {
          return size() > JOBS;
        }
      };

  Environments(Calls calls, Skips skips, JobStateStore hooks) {
    this.calls = calls;
    this.skips = skips;
    this.hooks = hooks;
  }

  /** A new batch of jobs to look up, filled from one job listing. */
  Lookup lookup() {
    return new Lookup();
  }

  /** The job with the environment its deployment names, when it has none yet and one was found. */
  JobFacts deployed(JobFacts job) {
    if (job.environment() != null) {
      return job;
    }
    var env = byJob.getOrDefault(job.id(), Optional.empty()).orElse(null);
    return env == null
        ? job
        : job.with(job.createdAt(), job.queuedDurationS(), env.name(), env.tier());
  }

  /** The pending jobs of one listing whose environment is unknown, by project. */
  final class Lookup {
    private final Map<String, List<Long>> jobs = new LinkedHashMap<>();
    private final Map<String, Instant> oldest = new LinkedHashMap<>();
    private final Map<String, Boolean> undated = new LinkedHashMap<>();

    private Lookup() {}

    /**
     * Adds a listed job if it is pending or held ({@code scheduled}: GitLab made its deployment
     * with the pipeline), of a known project, not looked up before and not named by a hook.
     *
     * @param createdAt when GitLab created the job, as GitLab wrote it
     */
    void add(@Nullable String project, long jobId, String status, @Nullable String createdAt) {
      boolean waiting = "pending".equals(status) || "scheduled".equals(status);
      if (project == null || !waiting || byJob.containsKey(jobId)) {
        return;
      }
      if (hooks.job(jobId).map(JobEvent::environment).isPresent()) {
        return;
      }
      jobs.computeIfAbsent(project, k -> new ArrayList<>()).add(jobId);
      Instant created = GitLabTimes.parse(createdAt);
      if (created == null) {
        undated.put(project, true);
      } else {
        oldest.merge(project, created, (a, b) -> a.isBefore(b) ? a : b);
      }
    }

    /**
     * Reads each project's created deployments since shortly before its oldest job was created (all
     * of them when a job's creation is unknown). A project GitLab answers 403 or 404 for is a skip
     * of this poll, and its jobs are taken to have no environment.
     */
    void read(GitLabClient client) {
      jobs.forEach(
          (project, ids) -> {
            Instant since = undated.containsKey(project) ? null : oldest.get(project);
            Instant after = since == null ? null : since.minus(SLACK);
            for (var d : created(client, project, after)) {
              var env = d.environment();
              var job = d.deployable();
              if (env != null && job != null && !env.name().isEmpty()) {
                byJob.put(job.id(), Optional.of(env));
              }
            }
            ids.forEach(id -> byJob.putIfAbsent(id, Optional.empty()));
          });
    }
  }

  private List<GlDeployment> created(GitLabClient client, String project, @Nullable Instant after) {
    try {
      return calls.count("deployments", () -> client.deployments(project, "created", after));
    } catch (GitLabApiException e) {
      if (!e.notFoundOrForbidden()) {
        throw e;
      }
      skips.poll("deployments of " + project, e);
      return List.of();
    }
  }
}
