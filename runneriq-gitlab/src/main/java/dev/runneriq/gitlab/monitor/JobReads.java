package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.mapping.GitLabMapping;
import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.mapping.JobFacts;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.JobStateStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the monitor turns GitLab's jobs into the engine's: a project's facts (read once, with what
 * its recent jobs look like), a job with what hooks and deployments add and its pipeline's source,
 * a job a hook announced before any read. Shares the monitor's caches of projects, environments and
 * job shapes.
 */
final class JobReads {
  private static final System.Logger LOG = System.getLogger(JobReads.class.getName());

  private final GitLabClient client;
  private final Calls calls;
  private final JobStateStore hooks;
  private final Projects projects;
  private final Environments environments;
  private final JobShapes shapes;

  private final JobVariables variables;

  JobReads(
      GitLabClient client,
      Calls calls,
      JobStateStore hooks,
      Projects projects,
      Environments environments,
      JobShapes shapes,
      JobVariables variables) {
    this.variables = variables;
    this.client = client;
    this.calls = calls;
    this.hooks = hooks;
    this.projects = projects;
    this.environments = environments;
    this.shapes = shapes;
  }

  /** Reads the environments of the deploys among {@code jobs} that GitLab's job does not name. */
  void lookUpEnvironments(String project, List<GlJob> jobs) {
    var lookup = environments.lookup();
    jobs.forEach(j -> lookup.add(project, j.id(), j.status(), j.createdAt()));
    lookup.read(client);
  }

  /**
   * A job a hook announced and no request has read yet, with the tags and pipeline source of the
   * last job of its name in its project (GitLab's hooks carry neither; the pipeline's own hook
   * gives the source when it came), so it is decided at once; the read that follows replaces it.
   * Null when no job of that name was read yet or the project is not known: it waits for the read.
   */
  @Nullable PendingJob provisional(JobEvent e, Instant now) {
    String path = e.projectPath() != null ? e.projectPath() : Long.toString(e.projectId());
    var shape = shapes.find(path, e.name());
    var project = projects.known(path);
    if (shape == null || project == null) {
      return null;
    }
    var hookPipeline = hooks.pipeline(e.pipelineId()).orElse(null);
    var known = projects.pipeline(e.pipelineId());
    String source =
        hookPipeline != null && hookPipeline.source() != null
            ? hookPipeline.source()
            : known != null ? known.source() : shape.source();
    var job = environments.deployed(JobFacts.of(e).withTagsAndSource(shape.tags(), source));
    // no request on this fast path: the variables when the commit's configuration was read before
    var vars = variables.known(path, known == null ? null : known.sha(), e.name());
    return GitLabMapping.pendingJob(
        job, project, source, hookPipeline == null ? List.of() : hookPipeline.stages(), now, vars);
  }

  /** A job read after a hook: pending since the hook said, with what hooks add. */
  PendingJob fromHook(JobEvent e, GlJob job, ProjectFacts facts, Instant now) {
    var j = JobFacts.of(job);
    return pendingJob(
        j.with(
            e.createdAt() != null ? e.createdAt() : j.createdAt(),
            job.startedAt() == null ? j.queuedDurationS() : null,
            j.environment(),
            j.deploymentTier()),
        facts,
        now);
  }

  ProjectFacts readProject(String path) {
    var p = calls.count("project", () -> client.project(path));
    var refs = calls.count("protected_refs", () -> client.protectedRefs(path));
    learnShapes(path);
    return ProjectFacts.of(p, refs);
  }

  /**
   * Learns what the project's jobs look like from its last finished ones (one request), so that a
   * job a hook announces is decided before it is read; a project whose job list cannot be read is
   * left to the reads.
   */
  private void learnShapes(String path) {
    try {
      var recent = calls.count("recent_jobs", () -> client.recentFinishedJobs(path));
      for (var j : recent) {
        var p = j.pipeline();
        shapes.learn(path, j.name(), j.tagList(), p == null ? null : p.source());
      }
    } catch (RuntimeException e) {
      // an aid, never a reason to fail the project's read: its new jobs then wait for their read
      LOG.log(
          System.Logger.Level.DEBUG,
          "recent jobs of "
              + path
              + " not read; its new jobs wait for their read: "
              + e.getMessage());
    }
  }

  /**
   * The job with what hooks add (environment, stages), else the environment its deployment names,
   * and its pipeline's source.
   */
  PendingJob pendingJob(JobFacts job, ProjectFacts project, Instant now) {
    var hookJob = hooks.job(job.id()).orElse(null);
    if (hookJob != null && job.environment() == null && hookJob.environment() != null) {
      job =
          job.with(
              job.createdAt(),
              job.queuedDurationS(),
              hookJob.environment(),
              hookJob.deploymentTier());
    }
    job = environments.deployed(job);
    var hookPipeline = hooks.pipeline(job.pipelineId()).orElse(null);
    String source = job.source();
    List<String> stages = List.of();
    if (hookPipeline != null) {
      source = source != null ? source : hookPipeline.source();
      stages = hookPipeline.stages();
    }
    if (source == null && job.pipelineId() > 0) {
      var known = projects.pipeline(job.pipelineId());
      if (known == null) {
        long id = job.pipelineId();
        known = calls.count("pipeline", () -> client.pipeline(project.path(), id));
        projects.pipeline(known);
      }
      source = known.source();
    }
    shapes.remember(project.path(), job.name(), job.tags(), source);
    var pipeline = job.pipelineId() > 0 ? projects.pipeline(job.pipelineId()) : null;
    var vars = variables.of(project.path(), pipeline == null ? null : pipeline.sha(), job.name());
    return GitLabMapping.pendingJob(job, project, source, stages, now, vars);
  }
}
