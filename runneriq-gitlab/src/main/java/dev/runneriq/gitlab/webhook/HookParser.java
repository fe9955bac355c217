package dev.runneriq.gitlab.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.gitlab.GitLabJson;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Job Hook and Pipeline Hook bodies into events. Fields RunnerIQ cannot do without (ids, status,
 * ref) are required; everything else is optional, and unknown fields and statuses pass through.
 */
final class HookParser {
  static final String JOB = "build";
  static final String PIPELINE = "pipeline";

  private HookParser() {}

  /** The object's {@code object_kind} and fields; throws when the body is no JSON object. */
  static HookFields root(byte[] body) throws MalformedHookException {
    if (body.length == 0) {
      throw new MalformedHookException("empty body");
    }
    JsonNode n;
    try {
      n = GitLabJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedHookException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedHookException("unreadable body");
    }
    if (n == null || !n.isObject()) {
      throw new MalformedHookException("body must be a JSON object");
    }
    return new HookFields(n, "");
  }

  /** A Job Hook. */
  static JobEvent job(HookFields f) throws MalformedHookException {
    var project = f.object("project");
    var user = f.object("user");
    var extras = Extras.of(f, user != null ? user.optText("username") : null);
    return new JobEvent(
        f.id("build_id"),
        f.textOr("build_name", ""),
        f.textOr("build_stage", ""),
        f.text("build_status"),
        f.id("pipeline_id"),
        f.id("project_id"),
        project != null ? project.optText("path_with_namespace") : pathOf(f.object("repository")),
        project != null ? project.optText("default_branch") : null,
        f.text("ref"),
        f.bool("tag"),
        f.time("build_created_at"),
        f.time("build_started_at"),
        f.time("build_finished_at"),
        f.optNumber("build_queued_duration"),
        extras.runnerId(),
        extras.runnerTags(),
        extras.environment(),
        extras.tier(),
        extras.user(),
        f.optText("build_failure_reason"),
        f.optNumber("build_duration"));
  }

  /** A Pipeline Hook, its jobs taken from {@code builds}. */
  static PipelineEvent pipeline(HookFields f) throws MalformedHookException {
    var attrs = f.object("object_attributes");
    if (attrs == null) {
      throw new MalformedHookException("/object_attributes must be an object");
    }
    var project = f.object("project");
    long projectId = project != null ? project.id("id") : attrs.id("project_id");
    String projectPath = project != null ? project.optText("path_with_namespace") : null;
    String defaultBranch = project != null ? project.optText("default_branch") : null;
    var user = f.object("user");
    String username = user != null ? user.optText("username") : null;
    long pipelineId = attrs.id("id");
    String ref = attrs.text("ref");
    boolean tag = attrs.bool("tag");
    var jobs = new ArrayList<JobEvent>();
    for (HookFields b : f.objects("builds")) {
      var jobUser = b.object("user");
      var extras = Extras.of(b, jobUser != null ? jobUser.optText("username") : username);
      jobs.add(
          new JobEvent(
              b.id("id"),
              b.textOr("name", ""),
              b.textOr("stage", ""),
              b.text("status"),
              pipelineId,
              projectId,
              projectPath,
              defaultBranch,
              ref,
              tag,
              b.time("created_at"),
              b.time("started_at"),
              b.time("finished_at"),
              b.optNumber("queued_duration"),
              extras.runnerId(),
              extras.runnerTags(),
              extras.environment(),
              extras.tier(),
              extras.user(),
              b.optText("failure_reason"),
              b.optNumber("duration")));
    }
    return new PipelineEvent(
        pipelineId,
        attrs.text("status"),
        projectId,
        projectPath,
        defaultBranch,
        ref,
        tag,
        attrs.textOr("source", "unknown"),
        attrs.texts("stages"),
        attrs.time("created_at"),
        attrs.time("finished_at"),
        username,
        jobs);
  }

  /** The runner and environment parts a job carries in both hooks, under the same names. */
  private record Extras(
      @Nullable Long runnerId,
      List<String> runnerTags,
      @Nullable String environment,
      @Nullable String tier,
      @Nullable String user) {

    static Extras of(HookFields job, @Nullable String user) {
      var runner = job.object("runner");
      var environment = job.object("environment");
      return new Extras(
          runner != null ? runner.optId("id") : null,
          runner != null ? runner.texts("tags") : List.of(),
          environment != null ? environment.optText("name") : null,
          environment != null ? environment.optText("deployment_tier") : null,
          user);
    }
  }

  /** {@code group/app} from a repository's {@code homepage}, for hooks without a project. */
  private static @Nullable String pathOf(@Nullable HookFields repository) {
    String home = repository == null ? null : repository.optText("homepage");
    if (home == null) {
      return null;
    }
    try {
      String p = URI.create(home).getPath();
      return p == null || p.length() < 2 ? null : p.substring(1).replaceFirst("/$", "");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
