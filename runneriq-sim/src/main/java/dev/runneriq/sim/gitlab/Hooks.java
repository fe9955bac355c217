package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.sim.LiveSim.JobState;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Job and Pipeline Hook payloads as GitLab sends them ({@code lib/gitlab/data_builder/build.rb},
 * {@code pipeline.rb}), trimmed to the fields GitLab always sends and RunnerIQ's webhook receiver
 * reads; written by the mapper the receiver reads them with.
 */
final class Hooks {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final String web;

  /**
   * @param web the simulated GitLab's web address, for web URLs
   */
  Hooks(String web) {
    this.web = web;
  }

  /** A Job Hook ({@code object_kind: build}) for the job's state now. */
  String job(JobState s, Instant now) {
    var spec = s.job().spec();
    var p = spec.pipeline();
    var env = spec.environment();
    return write(
        new JobHook(
            p.ref(),
            Pipeline.TAG.equals(p.refKind()),
            Shapes.sha(p.id()),
            spec.id(),
            spec.name(),
            spec.stage(),
            s.status(),
            time(s.createdAt()),
            time(s.startedAt()),
            time(s.finishedAt()),
            s.queuedSeconds(now),
            Shapes.duration(s, now),
            Shapes.failureReason(s),
            s.job().allowFailure(),
            p.id(),
            s.projectId(),
            p.project(),
            runner(s.runner()),
            user(s),
            project(s.projectId(), p.project()),
            env == null ? null : new Environment(env.name(), env.tier())));
  }

  /** A Pipeline Hook ({@code object_kind: pipeline}) with every job of the pipeline as builds. */
  String pipeline(List<JobState> jobs, String status) {
    var first = jobs.get(0);
    var p = first.job().spec().pipeline();
    Instant finished = null;
    if (status.equals("success") || status.equals("failed") || status.equals("canceled")) {
      for (var s : jobs) {
        if (s.finishedAt() != null && (finished == null || s.finishedAt().isAfter(finished))) {
          finished = s.finishedAt();
        }
      }
    }
    var builds =
        jobs.stream()
            .map(
                s ->
                    new Build(
                        s.job().spec().id(),
                        s.job().spec().stage(),
                        s.job().spec().name(),
                        s.status(),
                        time(s.createdAt()),
                        time(s.startedAt()),
                        time(s.finishedAt()),
                        s.finishedAt() == null ? null : Shapes.duration(s, s.finishedAt()),
                        Shapes.failureReason(s),
                        s.when(),
                        manual(s.when()),
                        s.job().allowFailure(),
                        runner(s.runner())))
            .toList();
    return write(
        new PipelineHook(
            new PipelineAttributes(
                p.id(),
                p.id(),
                p.ref(),
                Pipeline.TAG.equals(p.refKind()),
                Shapes.sha(p.id()),
                p.source(),
                status,
                p.stages(),
                time(first.createdAt()),
                time(finished)),
            user(p),
            project(first.projectId(), p.project()),
            builds));
  }

  /**
   * A pipeline's status as GitLab derives it from its jobs: running while any job runs or some wait
   * on others, pending while jobs only queue, scheduled while jobs are only held; when all have
   * ended failed if a job failed without allow_failure, else canceled if a job was, else success.
   */
  static String pipelineStatus(List<JobState> jobs) {
    boolean anyRunning = false;
    boolean anyPending = false;
    boolean anyScheduled = false;
    boolean allEnded = true;
    boolean failed = false;
    boolean canceled = false;
    for (var s : jobs) {
      switch (s.status()) {
        case "running" -> anyRunning = true;
        case "pending" -> anyPending = true;
        case "scheduled" -> anyScheduled = true;
        case "success", "skipped", "manual" -> {}
        case "canceled" -> canceled = true;
        case "failed" -> failed |= !s.job().allowFailure();
        default -> allEnded = false;
      }
      if (Set.of("running", "pending", "scheduled").contains(s.status())) {
        allEnded = false;
      }
    }
    if (allEnded) {
      return failed ? "failed" : canceled ? "canceled" : "success";
    }
    if (!anyRunning && !anyPending && anyScheduled) {
      return "scheduled";
    }
    return anyRunning || !anyPending ? "running" : "pending";
  }

  /** GitLab's {@code manual} flag of a job: an action, played by someone or by its timer. */
  private static boolean manual(String when) {
    return when.equals("manual") || when.equals("delayed");
  }

  private static @Nullable HookRunner runner(@Nullable Runner r) {
    return r == null
        ? null
        : new HookRunner(
            r.id(),
            r.name(),
            r.runnerType(),
            !r.paused(),
            Runner.INSTANCE_TYPE.equals(r.runnerType()),
            r.tagList());
  }

  private static User user(Pipeline p) {
    return new User(Shapes.idOf(String.valueOf(p.user())), p.user() == null ? "ghost" : p.user());
  }

  /** Whom the job runs as: whoever played or retried it, else the pipeline's user. */
  private static User user(JobState s) {
    String u = s.user();
    return u == null ? user(s.job().spec().pipeline()) : new User(Shapes.idOf(u), u);
  }

  private Project project(long id, String path) {
    return new Project(id, path, web + "/" + path);
  }

  private static @Nullable String time(@Nullable Instant t) {
    return t == null ? null : TIME.format(t);
  }

  private static String write(Object hook) {
    try {
      return GitLabJson.MAPPER.writeValueAsString(hook);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  record JobHook(
      String ref,
      boolean tag,
      String sha,
      long buildId,
      String buildName,
      String buildStage,
      String buildStatus,
      @Nullable String buildCreatedAt,
      @Nullable String buildStartedAt,
      @Nullable String buildFinishedAt,
      @Nullable Double buildQueuedDuration,
      @Nullable Double buildDuration,
      @Nullable String buildFailureReason,
      boolean buildAllowFailure,
      long pipelineId,
      long projectId,
      String projectName,
      @Nullable HookRunner runner,
      User user,
      Project project,
      @Nullable Environment environment) {
    @JsonProperty
    String objectKind() {
      return "build";
    }

    @JsonProperty
    int retriesCount() {
      return 0;
    }
  }

  record PipelineHook(
      PipelineAttributes objectAttributes, User user, Project project, List<Build> builds) {
    @JsonProperty
    String objectKind() {
      return "pipeline";
    }
  }

  record PipelineAttributes(
      long id,
      long iid,
      String ref,
      boolean tag,
      String sha,
      String source,
      String status,
      List<String> stages,
      @Nullable String createdAt,
      @Nullable String finishedAt) {}

  /** A job as a Pipeline Hook lists it. */
  record Build(
      long id,
      String stage,
      String name,
      String status,
      @Nullable String createdAt,
      @Nullable String startedAt,
      @Nullable String finishedAt,
      @Nullable Double duration,
      @Nullable String failureReason,
      String when,
      boolean manual,
      boolean allowFailure,
      @Nullable HookRunner runner) {}

  record HookRunner(
      long id,
      String description,
      String runnerType,
      boolean active,
      boolean isShared,
      List<String> tags) {}

  record User(long id, String username) {}

  record Project(long id, String pathWithNamespace, String webUrl) {}

  /** A deploy job's environment; the tier only when the job declares one. */
  record Environment(
      String name, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String deploymentTier) {
    @JsonProperty
    String action() {
      return "start";
    }
  }
}
