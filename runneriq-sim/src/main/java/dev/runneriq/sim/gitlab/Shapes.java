package dev.runneriq.sim.gitlab;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The simulated world in GitLab's REST shapes ({@code /api/v4}): the records RunnerIQ's client
 * reads the answers into, with what {@link Rest} adds for GitLab's schemas.
 */
final class Shapes {
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

  /**
   * An id made from a name, for what the simulated GitLab keeps no counter of (users, groups,
   * environments, protected refs): the same name always gets the same id, and never a negative one.
   * The hash is widened before its absolute value, so the one int whose absolute value is negative
   * ({@link Integer#MIN_VALUE}) gives a positive id too; every other id is the same.
   */
  static long idOf(String name) {
    return Math.abs((long) name.hashCode());
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
      groups.add(new GlGroup(idOf(g), g, null, web + "/groups/" + g));
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

  /** Seconds the job has run (so far, while it runs); null before it started. */
  static @Nullable Double duration(JobState s, Instant now) {
    var started = s.startedAt();
    if (started == null) {
      return null;
    }
    var end = s.finishedAt() != null ? s.finishedAt() : now;
    return Math.max(0, end.toEpochMilli() - started.toEpochMilli()) / 1000.0;
  }

  /** A failed job's reason: the simulated jobs fail by their script. */
  static @Nullable String failureReason(JobState s) {
    return "failed".equals(s.status()) ? "script_failure" : null;
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
            s.user() == null ? user(p) : user(s.user(), false),
            pipeline(s, "running"),
            r == null ? null : runner(r, now).runner(),
            web + "/" + p.project() + "/-/jobs/" + spec.id(),
            failureReason(s),
            duration(s, now));
    String sha = sha(p.id());
    return new Rest.Job(
        job,
        r == null ? null : manager(r, now),
        s.job().allowFailure(),
        new Rest.Commit(sha, sha.substring(0, 8), "Simulated change"));
  }

  private GlUser user(Pipeline p) {
    String user = p.user();
    return user == null
        ? new GlUser(idOf("null"), "ghost", "Ghost User", p.userIsBot())
        : user(user, p.userIsBot());
  }

  private static GlUser user(String name, boolean bot) {
    return new GlUser(idOf(name), name, name, bot);
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
            idOf(p.project() + "/" + env.name()),
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

  /** A stable 40-hex-digit commit sha per pipeline. */
  static String sha(long pipelineId) {
    String h = Long.toHexString(pipelineId * 0x9E3779B97F4A7C15L);
    return (h + "0".repeat(40)).substring(0, 40);
  }
}
