package dev.runneriq.gitlab.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlGraphQlJob;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.gitlab.model.GlProtectedRef;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlRunnerManager;
import dev.runneriq.gitlab.model.ProtectedRefs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The GitLab calls RunnerIQ makes: reads, and in gate mode the job writes (play, cancel, retry),
 * which need a token with the {@code api} scope. Listings follow every page; failures are {@link
 * GitLabApiException}s after the retries {@link GitLabConfig} allows (for a write, only a 429 with
 * {@code Retry-After}: a write is never sent twice where GitLab may have acted). Thread-safe.
 */
public final class GitLabClient {
  private static final System.Logger LOG = System.getLogger(GitLabClient.class.getName());

  /**
   * The runners the token can see.
   *
   * @param instanceWide true when from {@code /runners/all} (an administrator's token), false when
   *     from {@code /runners}: only the runners the token's user owns or can manage
   */
  public record RunnerList(List<GlRunner> runners, boolean instanceWide) {
    public RunnerList {
      runners = List.copyOf(runners);
    }
  }

  private final GitLabHttp http;
  private final URI api;
  private final GraphQlJobs graphQl;

  public GitLabClient(GitLabConfig config) {
    this(new GitLabHttp(config));
  }

  GitLabClient(GitLabHttp http) {
    this.http = http;
    String base = http.config().baseUrl().toString().replaceFirst("/+$", "");
    this.api = URI.create(base + "/api/v4/");
    this.graphQl = new GraphQlJobs(http, URI.create(base + "/api/graphql"));
  }

  /**
   * Runs {@code work} with the requests it makes on this thread ahead of the others in the rate
   * limit: for reading what a webhook just announced, whose advice someone waits for. Ordinary
   * requests still get one slot in every four.
   */
  public static <T> T urgently(java.util.function.Supplier<T> work) {
    return RateLimiter.urgently(work);
  }

  /** Every runner of the instance, or the token's own when it is not an administrator's. */
  public RunnerList runners() {
    try {
      return new RunnerList(list("runners/all", GlRunner.class), true);
    } catch (GitLabApiException e) {
      if (e.status() != 403) {
        throw e;
      }
      LOG.log(System.Logger.Level.INFO, "no administrator rights; listing /runners instead");
      return new RunnerList(list("runners", GlRunner.class), false);
    }
  }

  /** One runner with tags, access level, projects and groups. */
  public GlRunner runner(long id) {
    return one("runners/" + id, GlRunner.class);
  }

  /** The processes serving one runner. */
  public List<GlRunnerManager> runnerManagers(long id) {
    return list("runners/" + id + "/managers", GlRunnerManager.class);
  }

  /** The jobs running on one runner now. */
  public List<GlJob> runningJobs(long runnerId) {
    return list("runners/" + runnerId + "/jobs?status=running", GlJob.class);
  }

  /** A project's pending and running jobs. */
  public List<GlJob> pendingAndRunningJobs(String project) {
    return pendingAndRunningJobs(project, false);
  }

  /**
   * A project's pending and running jobs and, with {@code scheduled}, its delayed jobs whose {@code
   * start_in} has not run out (status {@code scheduled}): the jobs gate mode holds.
   */
  public List<GlJob> pendingAndRunningJobs(String project, boolean scheduled) {
    return list(
        "projects/"
            + id(project)
            + "/jobs?scope%5B%5D=pending&scope%5B%5D=running"
            + (scheduled ? "&scope%5B%5D=scheduled" : ""),
        GlJob.class);
  }

  /**
   * A project's most recent finished jobs (succeeded or failed), one page of at most {@code
   * gitlab.per_page}, newest first: what its jobs look like (name, tags, pipeline source).
   */
  public List<GlJob> recentFinishedJobs(String project) {
    JavaType listType =
        GitLabJson.MAPPER.getTypeFactory().constructCollectionType(List.class, GlJob.class);
    URI uri =
        api.resolve(
            "projects/"
                + id(project)
                + "/jobs?scope%5B%5D=success&scope%5B%5D=failed&per_page="
                + http.config().perPage());
    return read(http.get(uri), listType);
  }

  /**
   * A project's held jobs: {@code when: delayed} jobs waiting for their start (status scheduled).
   */
  public List<GlJob> scheduledJobs(String project) {
    return list("projects/" + id(project) + "/jobs?scope%5B%5D=scheduled", GlJob.class);
  }

  /**
   * Plays a held ({@code scheduled}) or manual job: GitLab makes it pending at once and runs it as
   * the token's user. GitLab refuses with 400 "Unplayable Job" a job in any other state, and with
   * 403 a caller below Developer, or without push or merge rights on the job's protected ref.
   *
   * @return the job as GitLab answers it
   */
  public GlJob play(String project, long jobId) {
    return write(project, jobId, "play");
  }

  /**
   * Cancels a created, pending, running, held or manual job; GitLab answers any other job as it is,
   * unchanged.
   *
   * @return the job as GitLab answers it
   */
  public GlJob cancel(String project, long jobId) {
    return write(project, jobId, "cancel");
  }

  /**
   * Retries a job that ended (success, failed or canceled): GitLab makes a new job, pending at once
   * even where the old one was delayed or manual; 403 "Job is not retryable" for any other.
   *
   * @return the new job, with its new id
   */
  public GlJob retry(String project, long jobId) {
    return write(project, jobId, "retry");
  }

  private GlJob write(String project, long jobId, String action) {
    var r = http.write(api.resolve("projects/" + id(project) + "/jobs/" + jobId + "/" + action));
    return read(r, GitLabJson.MAPPER.getTypeFactory().constructType(GlJob.class));
  }

  /** One job of a project, with its tags, pipeline and runner. */
  public GlJob job(String project, long jobId) {
    return one("projects/" + id(project) + "/jobs/" + jobId, GlJob.class);
  }

  /** Every pending job of the instance, through GraphQL; needs an administrator's token. */
  public List<GlGraphQlJob> pendingJobsInstanceWide() {
    return graphQl.pending(http.config().maxPages());
  }

  /**
   * A project's deployments with one status ({@code created}: those whose job has not run yet),
   * each with its environment and job; only those updated after {@code updatedAfter} when given
   * (GitLab pairs that filter with the {@code updated_at} order).
   */
  public List<GlDeployment> deployments(
      String project, String status, @Nullable Instant updatedAfter) {
    String path = "projects/" + id(project) + "/deployments?status=" + encode(status);
    if (updatedAfter != null) {
      path += "&order_by=updated_at&sort=asc&updated_after=" + encode(updatedAfter.toString());
    }
    return list(path, GlDeployment.class);
  }

  /** One pipeline, with its source and user. */
  public GlPipeline pipeline(String project, long pipelineId) {
    return one("projects/" + id(project) + "/pipelines/" + pipelineId, GlPipeline.class);
  }

  /**
   * A project's CI configuration at a commit with every {@code include:} expanded ({@code GET
   * /projects/:id/ci/lint?content_ref=SHA}, the response's {@code merged_yaml}): the only place
   * GitLab's API shows a job's {@code variables:} (read_api and Reporter suffice); empty when
   * GitLab gives none.
   */
  public String mergedCiConfig(String project, String sha) {
    var lint =
        one(
            "projects/" + id(project) + "/ci/lint?content_ref=" + encode(sha),
            com.fasterxml.jackson.databind.JsonNode.class);
    var yaml = lint.path("merged_yaml");
    return yaml.isTextual() ? yaml.asText() : "";
  }

  /** A project's pipelines with one status ({@code running}, {@code pending}, …). */
  public List<GlPipeline> pipelines(String project, String status) {
    return list(
        "projects/" + id(project) + "/pipelines?status=" + encode(status), GlPipeline.class);
  }

  /** One project, with its path and default branch. */
  public GlProject project(String project) {
    return one("projects/" + id(project), GlProject.class);
  }

  /** The protected branch and tag rules of a project, wildcards included. */
  public ProtectedRefs protectedRefs(String project) {
    return new ProtectedRefs(
        list("projects/" + id(project) + "/protected_branches", GlProtectedRef.class),
        list("projects/" + id(project) + "/protected_tags", GlProtectedRef.class));
  }

  /**
   * The projects in scope: those named, those of the groups named (with subgroups), or every
   * project the token is a member of; each once, in the order found.
   */
  public List<GlProject> projects(ScopeConfig scope) {
    return projects(
        scope,
        (what, e) -> {
          throw e;
        });
  }

  /**
   * The projects of {@code scope}; a configured group or project GitLab answers 403 or 404 for
   * (deleted, renamed, or out of the token's reach) goes to {@code gone} with what it was, and the
   * rest of the scope is still read.
   */
  public List<GlProject> projects(ScopeConfig scope, BiConsumer<String, GitLabApiException> gone) {
    var found = new LinkedHashMap<Long, GlProject>();
    if (scope.isEverything()) {
      list(
              "projects?membership=true&simple=true&pagination=keyset&order_by=id&sort=asc",
              GlProject.class)
          .forEach(p -> found.putIfAbsent(p.id(), p));
    }
    for (String g : scope.groups()) {
      try {
        list("groups/" + id(g) + "/projects?include_subgroups=true&simple=true", GlProject.class)
            .forEach(p -> found.putIfAbsent(p.id(), p));
      } catch (GitLabApiException e) {
        if (!e.notFoundOrForbidden()) {
          throw e;
        }
        gone.accept("group " + g, e);
      }
    }
    for (String p : scope.projects()) {
      try {
        var project = project(p);
        found.putIfAbsent(project.id(), project);
      } catch (GitLabApiException e) {
        if (!e.notFoundOrForbidden()) {
          throw e;
        }
        gone.accept("project " + p, e);
      }
    }
    return List.copyOf(found.values());
  }

  private <T> T one(String path, Class<T> type) {
    var r = http.get(api.resolve(path));
    return read(r, GitLabJson.MAPPER.getTypeFactory().constructType(type));
  }

  /**
   * A project's finished jobs (succeeded or failed), newest first, back to those that finished at
   * {@code since} and at most {@code max} of them (or {@code gitlab.max_pages} pages): what the
   * Optimizer learns from at start.
   */
  public List<GlJob> finishedJobs(String project, Instant since, int max) {
    var out = new ArrayList<GlJob>();
    scan(
        "projects/" + id(project) + "/jobs?scope%5B%5D=success&scope%5B%5D=failed",
        GlJob.class,
        false,
        j -> {
          Instant finished = GitLabTimes.parse(j.finishedAt());
          if (finished != null && finished.isBefore(since)) {
            return false;
          }
          out.add(j);
          return out.size() < max;
        });
    return out;
  }

  /** Every page of a listing. */
  private <T> List<T> list(String path, Class<T> type) {
    var all = new ArrayList<T>();
    scan(path, type, true, all::add);
    return all;
  }

  /**
   * A listing's items in order, page after page, each given to {@code more} until it answers false
   * or the pages end; past {@code gitlab.max_pages} pages a failure when {@code allPages}, else the
   * end.
   */
  private <T> void scan(String path, Class<T> type, boolean allPages, Predicate<T> more) {
    JavaType listType =
        GitLabJson.MAPPER.getTypeFactory().constructCollectionType(List.class, type);
    URI uri =
        api.resolve(
            path + (path.contains("?") ? "&" : "?") + "per_page=" + http.config().perPage());
    for (int page = 1; ; page++) {
      var r = http.get(uri);
      List<T> items = read(r, listType);
      for (T item : items) {
        if (!more.test(item)) {
          return;
        }
      }
      URI next = Pagination.next(r.headers(), uri);
      if (next == null || items.isEmpty()) {
        return;
      }
      if (!Pagination.sameOrigin(next, api)) {
        throw http.failure(
            r.status(),
            r.endpoint(),
            "next-page link leads to another host; not sending the token");
      }
      if (page >= http.config().maxPages()) {
        if (!allPages) {
          return;
        }
        throw http.failure(
            r.status(), r.endpoint(), "more than " + page + " pages (gitlab.max_pages)");
      }
      uri = next;
    }
  }

  // T stands only in the result, as in Jackson's own treeToValue: the JavaType, which callers
  // build from T's class, is what carries it at run time.
  @SuppressWarnings("TypeParameterUnusedInFormals")
  private <T> T read(GitLabHttp.Response r, JavaType type) {
    JsonNode n = tree(http, r);
    try {
      T value = n.isNull() ? null : GitLabJson.MAPPER.treeToValue(n, type);
      if (value == null) {
        throw http.failure(r.status(), r.endpoint(), "unexpected response: null");
      }
      return value;
    } catch (IOException | IllegalArgumentException e) {
      throw http.failure(
          r.status(), r.endpoint(), "unexpected response: " + firstLine(e.getMessage()));
    }
  }

  static JsonNode tree(GitLabHttp http, GitLabHttp.Response r) {
    try {
      JsonNode n = GitLabJson.MAPPER.readTree(r.body());
      if (n == null || n.isMissingNode()) {
        throw http.failure(r.status(), r.endpoint(), "unexpected response: empty body");
      }
      return n;
    } catch (IOException e) {
      throw http.failure(
          r.status(), r.endpoint(), "unexpected response: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A project or group id, or its full path URL-encoded as one path segment. */
  static String id(String idOrPath) {
    return encode(idOrPath.strip());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
