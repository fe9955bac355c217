package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.JobState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The simulated world in GitLab's response shapes (REST {@code /api/v4} and the hook payloads),
 * with the fields GitLab's schemas require.
 */
final class Shapes {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HOOK_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private final String web;

  Shapes(String web) {
    this.web = web;
  }

  static @Nullable String time(@Nullable Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** A runner as {@code /runners/all} lists it. */
  ObjectNode runner(Runner r) {
    var n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("description", r.name());
    n.put("ip_address", "127.0.0.1");
    n.put("active", !r.paused());
    n.put("paused", r.paused());
    n.put("is_shared", Runner.INSTANCE_TYPE.equals(r.runnerType()));
    n.put("runner_type", r.runnerType());
    n.put("name", "gitlab-runner");
    n.put("online", r.online());
    n.put("status", !r.online() ? "offline" : r.paused() ? "paused" : "online");
    return n;
  }

  /** A runner with its details, as {@code /runners/:id} shows it. */
  ObjectNode runnerDetail(Runner r, List<String> projectPaths, Instant now) {
    var n = runner(r);
    var tags = n.putArray("tag_list");
    r.tagList().forEach(tags::add);
    n.put("run_untagged", r.runUntagged());
    n.put("locked", false);
    n.put("access_level", r.accessLevel());
    if (r.maximumTimeoutS() == null) {
      n.putNull("maximum_timeout");
    } else {
      n.put("maximum_timeout", r.maximumTimeoutS());
    }
    n.put("contacted_at", time(now));
    var projects = n.putArray("projects");
    for (String p : r.projects()) {
      int id = projectPaths.indexOf(p) + 1;
      projects.add(project(id, p));
    }
    var groups = n.putArray("groups");
    for (String g : r.groups()) {
      groups
          .addObject()
          .put("id", Math.abs(g.hashCode()))
          .put("name", g)
          .put("web_url", web + "/groups/" + g);
    }
    return n;
  }

  ObjectNode manager(Runner r, Instant now) {
    var n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("system_id", "s_sim" + r.id());
    n.put("version", "17.5.0");
    n.put("revision", "sim");
    n.put("platform", "linux");
    n.put("architecture", r.tagList().contains("arm64") ? "arm64" : "amd64");
    n.put("created_at", time(now.minus(30, ChronoUnit.DAYS)));
    n.put("contacted_at", time(now));
    n.put("ip_address", "127.0.0.1");
    n.put("status", r.online() ? "online" : "offline");
    return n;
  }

  ObjectNode project(long id, String path) {
    var n = JSON.createObjectNode();
    n.put("id", id);
    n.put("name", path.substring(path.lastIndexOf('/') + 1));
    n.put("path_with_namespace", path);
    n.put("web_url", web + "/" + path);
    return n;
  }

  ObjectNode pipeline(JobState s, String status) {
    Pipeline p = s.job().spec().pipeline();
    var n = JSON.createObjectNode();
    n.put("id", p.id());
    n.put("iid", p.id());
    n.put("project_id", s.projectId());
    n.put("sha", sha(p.id()));
    n.put("ref", p.ref());
    n.put("status", status);
    n.put("source", p.source());
    n.put("created_at", time(s.createdAt()));
    n.put("updated_at", time(s.createdAt()));
    n.put("web_url", web + "/" + p.project() + "/-/pipelines/" + p.id());
    return n;
  }

  /** A job as {@code /projects/:id/jobs} and {@code /runners/:id/jobs} show it. */
  ObjectNode job(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var n = JSON.createObjectNode();
    n.put("id", spec.id());
    n.put("status", s.status());
    n.put("stage", spec.stage());
    n.put("name", spec.name());
    n.put("ref", p.ref());
    n.put("tag", Pipeline.TAG.equals(p.refKind()));
    n.putNull("coverage");
    n.put("allow_failure", s.job().allowFailure());
    n.put("created_at", time(s.createdAt()));
    n.put("started_at", time(s.startedAt()));
    n.put("finished_at", time(s.finishedAt()));
    n.putNull("erased_at");
    var started = s.startedAt();
    if (started == null) {
      n.putNull("duration");
    } else {
      var end = s.finishedAt() != null ? s.finishedAt() : now;
      n.put("duration", Math.max(0, end.toEpochMilli() - started.toEpochMilli()) / 1000.0);
    }
    Double queued = s.queuedSeconds(now);
    if (queued == null) {
      n.putNull("queued_duration");
    } else {
      n.put("queued_duration", queued);
    }
    var user = n.putObject("user");
    user.put("id", Math.abs(String.valueOf(p.user()).hashCode()));
    user.put("username", p.user() == null ? "ghost" : p.user());
    user.put("bot", p.userIsBot());
    var commit = n.putObject("commit");
    commit.put("id", sha(p.id()));
    commit.put("short_id", sha(p.id()).substring(0, 8));
    commit.put("title", "Simulated change");
    n.set("pipeline", pipeline(s, "running"));
    n.put("web_url", web + "/" + p.project() + "/-/jobs/" + spec.id());
    n.putArray("artifacts");
    n.putNull("artifacts_expire_at");
    ArrayNode tags = n.putArray("tag_list");
    spec.tagList().forEach(tags::add);
    var r = s.runner();
    if (r == null) {
      n.putNull("runner");
      n.putNull("runner_manager");
    } else {
      n.set("runner", runner(r));
      n.set("runner_manager", manager(r, now));
    }
    var project = n.putObject("project");
    project.put("ci_job_token_scope_enabled", false);
    n.put("archived", false);
    return n;
  }

  /**
   * A deployment as {@code /projects/:id/deployments} lists it (GitLab's {@code
   * API::Entities::Deployment}): the environment as {@code EnvironmentBasic}, which has no tier,
   * and the job as {@code deployable}.
   */
  ObjectNode deployment(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var env = java.util.Objects.requireNonNull(spec.environment(), "environment");
    var n = JSON.createObjectNode();
    n.put("id", spec.id());
    n.put("iid", spec.id());
    n.put("ref", p.ref());
    n.put("sha", sha(p.id()));
    n.put("created_at", time(s.createdAt()));
    n.put("updated_at", time(deploymentUpdatedAt(s)));
    var user = n.putObject("user");
    user.put("id", Math.abs(String.valueOf(p.user()).hashCode()));
    user.put("username", p.user() == null ? "ghost" : p.user());
    user.put("name", p.user() == null ? "Ghost User" : p.user());
    user.put("state", "active");
    user.putNull("avatar_url");
    user.put("web_url", web + "/" + (p.user() == null ? "ghost" : p.user()));
    var e = n.putObject("environment");
    e.put("id", Math.abs((p.project() + "/" + env.name()).hashCode()));
    e.put("name", env.name());
    e.put("slug", env.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    e.putNull("external_url");
    e.put("created_at", time(s.createdAt()));
    e.put("updated_at", time(deploymentUpdatedAt(s)));
    n.set("deployable", job(s, now));
    n.put("status", deploymentStatus(s));
    return n;
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
