package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlDeployment.GlEnvironment;
import dev.runneriq.gitlab.model.GlGroup;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlRunnerManager;
import dev.runneriq.gitlab.model.GlUser;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.JobState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The simulated world in GitLab's response shapes: REST {@code /api/v4} answers as the records
 * RunnerIQ's client reads them into ({@link Rest} adds what GitLab's schemas require besides), and
 * the hook payloads.
 */
final class Shapes {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HOOK_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private final String web;
  private final SimProjects projects;
  private final LiveSim live;

  /**
   * @param web the simulated GitLab's web address, for web URLs
   */
  Shapes(String web, SimProjects projects, LiveSim live) {
    this.web = web;
    this.projects = projects;
    this.live = live;
  }

  /** A time as GitLab's REST and GraphQL answers write it, to the millisecond. */
  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static @Nullable String timeOrNull(@Nullable Instant t) {
    return t == null ? null : time(t);
  }

  /**
   * A runner with its details; {@link Rest#basic} writes it as {@code /runners/all} and jobs show
   * it, {@link Rest#details} as {@code /runners/:id} does.
   */
  Rest.Runner runner(Runner r, Instant now) {
    var groups = new ArrayList<GlGroup>();
    for (String g : r.groups()) {
      groups.add(new GlGroup(Math.abs(g.hashCode()), g, null, web + "/groups/" + g));
    }
    return new Rest.Runner(
        new GlRunner(
            r.id(),
            r.name(),
            "gitlab-runner",
            !r.paused(),
            r.paused(),
            Runner.INSTANCE_TYPE.equals(r.runnerType()),
            r.runnerType(),
            r.online(),
            !r.online() ? "offline" : r.paused() ? "paused" : "online",
            r.tagList(),
            r.runUntagged(),
            r.accessLevel(),
            r.maximumTimeoutS(),
            time(now),
            r.projects().stream().map(projects::project).toList(),
            groups));
  }

  Rest.Manager manager(Runner r, Instant now) {
    return new Rest.Manager(
        new GlRunnerManager(
            r.id(),
            "s_sim" + r.id(),
            "17.5.0",
            "linux",
            r.tagList().contains("arm64") ? "arm64" : "amd64",
            time(now),
            r.online() ? "online" : "offline",
            live.runningOn(r.id()) > 0 ? "active" : "idle"),
        time(now.minus(30, ChronoUnit.DAYS)));
  }

  /**
   * A pipeline; {@link Rest#basic} writes it as jobs embed it and {@code /projects/:id/pipelines}
   * lists it, {@link Rest#details} as {@code /projects/:id/pipelines/:id} shows it.
   */
  GlPipeline pipeline(JobState s, String status) {
    Pipeline p = s.job().spec().pipeline();
    return new GlPipeline(
        p.id(),
        p.id(),
        s.projectId(),
        status,
        p.ref(),
        sha(p.id()),
        p.source(),
        Pipeline.TAG.equals(p.refKind()),
        user(p),
        time(s.createdAt()),
        time(s.createdAt()),
        web + "/" + p.project() + "/-/pipelines/" + p.id());
  }

  /** A job as {@code /projects/:id/jobs} and {@code /runners/:id/jobs} show it. */
  Rest.Job job(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var r = s.runner();
    var job =
        new GlJob(
            spec.id(),
            s.status(),
            spec.stage(),
            spec.name(),
            p.ref(),
            Pipeline.TAG.equals(p.refKind()),
            spec.tagList(),
            time(s.createdAt()),
            timeOrNull(s.startedAt()),
            timeOrNull(s.finishedAt()),
            s.queuedSeconds(now),
            user(p),
            pipeline(s, "running"),
            r == null ? null : runner(r, now).runner(),
            web + "/" + p.project() + "/-/jobs/" + spec.id());
    var started = s.startedAt();
    Double duration = null;
    if (started != null) {
      var end = s.finishedAt() != null ? s.finishedAt() : now;
      duration = Math.max(0, end.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }
    String sha = sha(p.id());
    return new Rest.Job(
        job,
        r == null ? null : manager(r, now),
        s.job().allowFailure(),
        duration,
        new Rest.Commit(sha, sha.substring(0, 8), "Simulated change"));
  }

  private GlUser user(Pipeline p) {
    String user = p.user();
    return new GlUser(
        (long) Math.abs(String.valueOf(user).hashCode()),
        user == null ? "ghost" : user,
        user == null ? "Ghost User" : user,
        p.userIsBot());
  }

  /**
   * A deployment as {@code /projects/:id/deployments} lists it (GitLab's {@code
   * API::Entities::Deployment}): the environment as {@code EnvironmentBasic}, which has no tier,
   * and the job as {@code deployable}.
   */
  Rest.Deployment deployment(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var env = java.util.Objects.requireNonNull(spec.environment(), "environment");
    var job = job(s, now);
    var environment = new GlEnvironment(env.name(), null);
    String updated = time(deploymentUpdatedAt(s));
    String created = time(s.createdAt());
    return new Rest.Deployment(
        new GlDeployment(spec.id(), deploymentStatus(s), environment, job.job(), updated),
        new Rest.Environment(
            environment,
            Math.abs((p.project() + "/" + env.name()).hashCode()),
            env.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"),
            created,
            updated),
        job,
        spec.id(),
        p.ref(),
        sha(p.id()),
        created,
        user(p));
  }

  /**
   * A deployment's status as GitLab keeps it beside its job's: {@code created} until the job runs
   * (also while it waits on earlier stages, is manual or pending), then the job's.
   */
  static String deploymentStatus(JobState s) {
    return switch (s.status()) {
      case "running", "success", "failed", "canceled", "skipped" -> s.status();
      default -> "created";
    };
  }

  /** When a deployment last changed: as its job started or ended, else when it was made. */
  static Instant deploymentUpdatedAt(JobState s) {
    if (s.finishedAt() != null) {
      return s.finishedAt();
    }
    return s.startedAt() != null ? s.startedAt() : s.createdAt();
  }

  /** A Job Hook ({@code object_kind: build}) for the job's state now. */
  ObjectNode jobHook(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var n = JSON.createObjectNode();
    n.put("object_kind", "build");
    n.put("ref", p.ref());
    n.put("tag", Pipeline.TAG.equals(p.refKind()));
    n.put("sha", sha(p.id()));
    n.put("retries_count", 0);
    n.put("build_id", spec.id());
    n.put("build_name", spec.name());
    n.put("build_stage", spec.stage());
    n.put("build_status", s.status());
    n.put("build_created_at", hookTime(s.createdAt()));
    n.put("build_started_at", hookTime(s.startedAt()));
    n.put("build_finished_at", hookTime(s.finishedAt()));
    Double queued = s.queuedSeconds(now);
    if (queued == null) {
      n.putNull("build_queued_duration");
    } else {
      n.put("build_queued_duration", queued);
    }
    n.put("build_allow_failure", s.job().allowFailure());
    n.put("pipeline_id", p.id());
    n.put("project_id", s.projectId());
    n.put("project_name", p.project());
    var r = s.runner();
    if (r == null) {
      n.putNull("runner");
    } else {
      var rn = n.putObject("runner");
      rn.put("id", r.id());
      rn.put("description", r.name());
      rn.put("runner_type", r.runnerType());
      rn.put("active", !r.paused());
      rn.put("is_shared", Runner.INSTANCE_TYPE.equals(r.runnerType()));
      var tags = rn.putArray("tags");
      r.tagList().forEach(tags::add);
    }
    var user = n.putObject("user");
    user.put("id", Math.abs(String.valueOf(p.user()).hashCode()));
    user.put("username", p.user() == null ? "ghost" : p.user());
    var project = n.putObject("project");
    project.put("id", s.projectId());
    project.put("path_with_namespace", p.project());
    project.put("web_url", web + "/" + p.project());
    var env = spec.environment();
    if (env == null) {
      n.putNull("environment");
    } else {
      var e = n.putObject("environment");
      e.put("name", env.name());
      e.put("action", "start");
      if (env.tier() != null) {
        e.put("deployment_tier", env.tier());
      }
    }
    return n;
  }

  /**
   * A pipeline's status as GitLab derives it from its jobs: running while any job runs or some wait
   * on others, pending while jobs only queue, and when all have ended failed if a job failed
   * without allow_failure, else success.
   */
  static String pipelineStatus(List<LiveSim.JobState> jobs) {
    boolean anyRunning = false;
    boolean anyPending = false;
    boolean allEnded = true;
    boolean failed = false;
    for (var s : jobs) {
      switch (s.status()) {
        case "running" -> anyRunning = true;
        case "pending" -> anyPending = true;
        case "success", "skipped", "manual", "canceled" -> {}
        case "failed" -> failed |= !s.job().allowFailure();
        default -> allEnded = false;
      }
      if (s.status().equals("running") || s.status().equals("pending")) {
        allEnded = false;
      }
    }
    if (allEnded) {
      return failed ? "failed" : "success";
    }
    return anyRunning || !anyPending ? "running" : "pending";
  }

  /** A Pipeline Hook ({@code object_kind: pipeline}) with every job of the pipeline as builds. */
  ObjectNode pipelineHook(List<LiveSim.JobState> jobs, String status) {
    var first = jobs.get(0);
    var p = first.job().spec().pipeline();
    var n = JSON.createObjectNode();
    n.put("object_kind", "pipeline");
    var a = n.putObject("object_attributes");
    a.put("id", p.id());
    a.put("iid", p.id());
    a.put("ref", p.ref());
    a.put("tag", Pipeline.TAG.equals(p.refKind()));
    a.put("sha", sha(p.id()));
    a.put("source", p.source());
    a.put("status", status);
    var stages = a.putArray("stages");
    p.stages().forEach(stages::add);
    a.put("created_at", hookTime(first.createdAt()));
    Instant finished = null;
    if (status.equals("success") || status.equals("failed")) {
      for (var s : jobs) {
        if (s.finishedAt() != null && (finished == null || s.finishedAt().isAfter(finished))) {
          finished = s.finishedAt();
        }
      }
    }
    a.put("finished_at", hookTime(finished));
    var user = n.putObject("user");
    user.put("username", p.user() == null ? "ghost" : p.user());
    var project = n.putObject("project");
    project.put("id", first.projectId());
    project.put("path_with_namespace", p.project());
    project.put("web_url", web + "/" + p.project());
    var builds = n.putArray("builds");
    for (var s : jobs) {
      var spec = s.job().spec();
      var b = builds.addObject();
      b.put("id", spec.id());
      b.put("stage", spec.stage());
      b.put("name", spec.name());
      b.put("status", s.status());
      b.put("created_at", hookTime(s.createdAt()));
      b.put("started_at", hookTime(s.startedAt()));
      b.put("finished_at", hookTime(s.finishedAt()));
      b.put("allow_failure", s.job().allowFailure());
      var r = s.runner();
      if (r == null) {
        b.putNull("runner");
      } else {
        var rn = b.putObject("runner");
        rn.put("id", r.id());
        rn.put("description", r.name());
        var tags = rn.putArray("tags");
        r.tagList().forEach(tags::add);
      }
    }
    return n;
  }

  private static @Nullable String hookTime(@Nullable Instant t) {
    return t == null ? null : HOOK_TIME.format(t);
  }

  /** A stable 40-hex-digit commit sha per pipeline. */
  static String sha(long pipelineId) {
    String h = Long.toHexString(pipelineId * 0x9E3779B97F4A7C15L);
    return (h + "0".repeat(40)).substring(0, 40);
  }
}
