package dev.runneriq.sim.gitlab;

import static dev.runneriq.sim.gitlab.SimHttp.matches;
import static dev.runneriq.sim.gitlab.SimHttp.number;
import static dev.runneriq.sim.gitlab.SimHttp.page;
import static dev.runneriq.sim.gitlab.SimHttp.query;
import static dev.runneriq.sim.gitlab.SimHttp.shape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.JobState;
import dev.runneriq.sim.gitlab.SimHttp.NotFound;
import dev.runneriq.sim.gitlab.SimHttp.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A GitLab on loopback backed by a {@link LiveSim} on a {@link SimClock}: the REST endpoints and
 * GitLab's GraphQL {@code Query.jobs}, queries validated against GitLab's own types ({@link
 * SimGraphQl}), in GitLab's shapes and pagination (offset, or keyset where asked; see {@link
 * SimHttp}); Job and Pipeline Hooks sent to a configured URL as jobs change ({@link HookFeed}); job
 * writes (play, cancel, retry) applied to the run and answered as GitLab answers them ({@link
 * SimWrites}); runner updates accepted and recorded. Requests need the token ({@code
 * PRIVATE-TOKEN}, or {@code Authorization: Bearer} for GraphQL), as an administrator's with the
 * {@code api} scope, unless a test narrows it ({@link #readApiOnly}, {@link #refuseWrites}).
 */
public final class SimGitLab implements AutoCloseable {
  /** Why GitLab refuses the token's user a project's job writes ({@code 403 Forbidden}). */
  public enum Refusal {
    /** The user is below Developer in the project: every job write is forbidden. */
    NOT_DEVELOPER,
    /** The user may not push or merge to the project's protected refs: those jobs' writes are. */
    PROTECTED_REFS
  }

  /**
   * @param hookUrl where Job and Pipeline Hooks go, or null for none
   * @param hookToken the hook's secret token, sent as {@code X-Gitlab-Token}
   */
  public record Options(
      LiveSim live,
      Trace trace,
      SimClock clock,
      String token,
      @Nullable URI hookUrl,
      @Nullable String hookToken,
      int port) {}

  private final Options o;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Shapes shapes;
  private final SimGraphQl graphQl;
  private final SimProjects projects;
  private final @Nullable HookSender hooks;
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private final AtomicInteger outage = new AtomicInteger();
  private final AtomicBoolean readApiOnly = new AtomicBoolean();
  private final SimWrites writes;
  private final Thread ticker;
  private volatile boolean running = true;

  public SimGitLab(Options options) throws IOException {
    this.o = options;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 0);
    String web = "http://127.0.0.1:" + server.getAddress().getPort();
    this.projects = new SimProjects(o.live().projects(), o.trace(), web);
    this.shapes = new Shapes(web, projects, o.live());
    this.graphQl = new SimGraphQl(o.live(), web);
    this.writes = new SimWrites(o.live(), shapes);
    this.hooks =
        o.hookUrl() == null || o.hookToken() == null
            ? null
            : new HookSender(o.hookUrl(), o.hookToken());
    o.live().advanceTo(o.clock().instant()); // catch up to the clock without a hook storm
    if (hooks != null) {
      o.live().onChange(new HookFeed(o.live(), new Hooks(web), hooks));
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    this.ticker =
        Thread.ofPlatform()
            .daemon()
            .name("sim-gitlab-clock")
            .unstarted(
                () -> {
                  while (running) {
                    o.live().advanceTo(o.clock().instant());
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  public SimGitLab start() {
    server.start();
    ticker.start();
    return this;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** While on, every request is answered 500, as a GitLab in trouble. */
  public void outage(boolean on) {
    outage.set(on ? 1 : 0);
  }

  /**
   * While on, the token has only the {@code read_api} scope: every REST request but a read is
   * answered 403 {@code insufficient_scope}, naming the {@code api} scope, as GitLab answers it.
   */
  public void readApiOnly(boolean on) {
    readApiOnly.set(on);
  }

  /**
   * Makes GitLab refuse the token's user the job writes of {@code project} (its full path) for
   * {@code why}, with {@code 403 Forbidden}; null allows them again.
   */
  public void refuseWrites(String project, @Nullable Refusal why) {
    writes.refuse(projects.id(project), why);
  }

  /** Play, cancel, retry and runner updates received, in order ({@code "play 7002"}). */
  public List<String> actions() {
    return List.copyOf(actions);
  }

  /** Job write requests received per kind ({@code play}, {@code cancel}, {@code retry}). */
  public java.util.Map<String, Integer> writesReceived() {
    return writes.receivedCounts();
  }

  public long hooksDelivered() {
    return hooks == null ? 0 : hooks.delivered();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Reply reply;
      try {
        reply = route(ex);
      } catch (NotFound e) {
        reply = Reply.error(404, "404 " + e.getMessage() + " Not Found");
      } catch (RuntimeException e) {
        reply = Reply.error(500, "500 Internal Server Error");
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private Reply route(HttpExchange ex) throws IOException {
    if (outage.get() != 0) {
      return Reply.error(500, "500 Internal Server Error");
    }
    URI uri = ex.getRequestURI();
    String method = ex.getRequestMethod();
    byte[] body = ex.getRequestBody().readAllBytes();
    if (uri.getRawPath().equals("/api/graphql") && method.equals("POST")) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (!matches(auth, "Bearer " + o.token())) {
        return Reply.error(401, "401 Unauthorized");
      }
      o.live().advanceTo(o.clock().instant());
      return new Reply(200, graphQl.answer(GitLabJson.MAPPER.readTree(body)), Map.of());
    }
    if (!matches(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN"), o.token())) {
      return Reply.error(401, "401 Unauthorized");
    }
    if (!uri.getRawPath().startsWith("/api/v4/")) {
      throw new NotFound("");
    }
    if (readApiOnly.get() && !method.equals("GET") && !method.equals("HEAD")) {
      return SimWrites.insufficientScope(); // read_api allows reads only (lib/api/api.rb)
    }
    o.live().advanceTo(o.clock().instant());
    Instant now = o.live().now();
    var p = new ArrayList<String>();
    for (String seg : uri.getRawPath().substring("/api/v4/".length()).split("/")) {
      p.add(URLDecoder.decode(seg, StandardCharsets.UTF_8));
    }
    var q = query(uri.getRawQuery());
    URI self = URI.create(url() + uri.getRawPath()); // for next-page links
    String route = method + " " + shape(p);
    return switch (route) {
      case "GET runners/all", "GET runners" ->
          page(
              o.live().runners().stream().map(r -> shapes.runner(r, now)).toList(),
              r -> r.runner().id(),
              q,
              self);
      case "GET runners/:" -> Reply.details(shapes.runner(runner(p.get(1)), now));
      case "PUT runners/:" -> {
        var r = runner(p.get(1));
        actions.add("update runner " + r.id() + " " + new String(body, StandardCharsets.UTF_8));
        yield Reply.details(shapes.runner(r, now));
      }
      case "GET runners/:/managers" -> {
        var r = runner(p.get(1));
        yield page(List.of(shapes.manager(r, now)), m -> m.manager().id(), q, self);
      }
      case "GET runners/:/jobs" -> {
        var r = runner(p.get(1));
        var jobs = o.live().runningJobs(r.id()).stream().map(s -> shapes.job(s, now)).toList();
        yield page(jobs, SimGitLab::id, q, self);
      }
      case "GET projects" -> page(projects.all(), GlProject::id, q, self);
      case "GET groups/:/projects" -> page(projects.ofGroup(p.get(1)), GlProject::id, q, self);
      case "GET projects/:" -> Reply.json(projects.project(projects.id(p.get(1))));
      case "GET projects/:/protected_branches" ->
          page(
              projects.protectedRefs(projects.id(p.get(1)), false), Rest.ProtectedRef::id, q, self);
      case "GET projects/:/protected_tags" ->
          page(projects.protectedRefs(projects.id(p.get(1)), true), Rest.ProtectedRef::id, q, self);
      case "GET projects/:/jobs" -> {
        long project = projects.id(p.get(1));
        var scopes = q.getOrDefault("scope[]", List.of());
        if (!STATUSES.containsAll(scopes)) {
          yield Reply.error(400, "Scope contains invalid value(s)");
        }
        var jobs = new ArrayList<Rest.Job>();
        for (var s : jobsNow()) {
          if (s.projectId() == project && (scopes.isEmpty() || scopes.contains(s.status()))) {
            jobs.add(shapes.job(s, now));
          }
        }
        // the jobs that ended, newest first, as GitLab lists them after the live ones
        for (var s : o.live().finishedJobs(project)) {
          if (scopes.isEmpty() || scopes.contains(s.status())) {
            jobs.add(shapes.job(s, now));
          }
        }
        yield page(jobs, SimGitLab::id, q, self);
      }
      case "GET projects/:/jobs/:" -> Reply.json(shapes.job(job(p.get(1), p.get(3)), now));
      case "GET projects/:/ci/lint" ->
          Reply.json(lint(projects.id(p.get(1)), SimHttp.first(q, "content_ref", ""), p.get(1)));
      case "POST projects/:/jobs/:/play",
          "POST projects/:/jobs/:/cancel",
          "POST projects/:/jobs/:/retry" -> {
        writes.received(p.get(4));
        var s = job(p.get(1), p.get(3));
        actions.add(p.get(4) + " " + s.job().spec().id());
        yield writes.answer(p.get(4), s, now);
      }
      case "GET projects/:/deployments" ->
          page(deployments(projects.id(p.get(1)), q, now), d -> d.deployment().id(), q, self);
      case "GET projects/:/pipelines/:" -> {
        long project = projects.id(p.get(1));
        long id = number(p.get(3));
        var s =
            o.live()
                .pipelineJob(id)
                .filter(j -> j.projectId() == project && !j.createdAt().isAfter(now))
                .orElseThrow(() -> new NotFound("Pipeline"));
        yield Reply.details(shapes.pipeline(s, "running"));
      }
      case "GET projects/:/pipelines" -> {
        long project = projects.id(p.get(1));
        var seen = new TreeSet<Long>();
        var out = new ArrayList<GlPipeline>();
        for (var s : jobsNow()) {
          if (s.projectId() == project && seen.add(s.job().spec().pipeline().id())) {
            out.add(shapes.pipeline(s, "running"));
          }
        }
        yield page(out, GlPipeline::id, q, self);
      }
      default -> throw new NotFound("");
    };
  }

  /**
   * The CI lint API's answer for the commit of one of the trace's pipelines: its jobs with their
   * {@code variables:} as the merged configuration ({@code merged_yaml}, keys written as Ruby
   * symbols, as GitLab has written them); a commit of no pipeline of the project is GitLab's 404.
   */
  private Map<String, Object> lint(long project, String sha, String projectRef) {
    for (var tp : o.trace().pipelines()) {
      if (!Shapes.sha(tp.id()).equals(sha) || projects.id(tp.pipeline().project()) != project) {
        continue;
      }
      var yaml = new StringBuilder("---\n");
      for (var job : tp.jobs()) {
        var spec = job.spec();
        yaml.append(symbol(spec.name())).append(":\n");
        yaml.append("  :stage: ").append(quoted(spec.stage())).append('\n');
        if (!spec.variables().isEmpty()) {
          yaml.append("  :variables:\n");
          spec.variables()
              .forEach(
                  (k, v) ->
                      yaml.append("    ")
                          .append(symbol(k))
                          .append(": ")
                          .append(quoted(v))
                          .append('\n'));
        }
      }
      var out = new java.util.LinkedHashMap<String, Object>();
      out.put("valid", true);
      out.put("errors", List.of());
      out.put("warnings", List.of());
      out.put("merged_yaml", yaml.toString());
      return out;
    }
    throw new NotFound("Commit " + sha + " of project " + projectRef);
  }

  /** A key as a Ruby symbol, {@code :name}, quoted whole when it is not a plain word. */
  private static String symbol(String s) {
    return s.matches("[A-Za-z0-9_.-]+") ? ":" + s : quoted(":" + s);
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * A project's deployments as {@code /projects/:id/deployments} lists them: one for each job with
   * an environment, made with its pipeline; filtered by {@code status} and {@code updated_after},
   * by id or, when asked, by {@code updated_at}.
   */
  private List<Rest.Deployment> deployments(
      long project, Map<String, List<String>> q, Instant now) {
    String status = SimHttp.first(q, "status", "");
    String after = SimHttp.first(q, "updated_after", "");
    Instant since = after.isEmpty() ? null : Instant.parse(after);
    var found = new ArrayList<JobState>();
    for (var tp : o.trace().pipelines()) {
      for (var job : tp.jobs()) {
        var s = o.live().job(job.spec().id()).orElse(null);
        if (s == null
            || s.projectId() != project
            || job.spec().environment() == null
            || s.createdAt().isAfter(now)
            || (!status.isEmpty() && !status.equals(Shapes.deploymentStatus(s)))
            || (since != null && !Shapes.deploymentUpdatedAt(s).isAfter(since))) {
          continue;
        }
        found.add(s);
      }
    }
    Comparator<JobState> order =
        "updated_at".equals(SimHttp.first(q, "order_by", "id"))
            ? Comparator.comparing(Shapes::deploymentUpdatedAt)
            : Comparator.comparingLong(s -> s.job().spec().id());
    found.sort(order);
    if ("desc".equals(SimHttp.first(q, "sort", "asc"))) {
      java.util.Collections.reverse(found);
    }
    return found.stream().map(s -> shapes.deployment(s, now)).toList();
  }

  private static long id(Rest.Job job) {
    return job.job().id();
  }

  /** GitLab's job statuses, the values {@code scope[]} may take ({@code AVAILABLE_STATUSES}). */
  private static final java.util.Set<String> STATUSES =
      java.util.Set.of(
          "created",
          "waiting_for_resource",
          "preparing",
          "waiting_for_callback",
          "pending",
          "running",
          "success",
          "failed",
          "canceling",
          "canceled",
          "skipped",
          "manual",
          "scheduled");

  /** The jobs not yet ended: held, pending and running. */
  private List<JobState> jobsNow() {
    var all = new ArrayList<>(o.live().scheduledJobs());
    all.addAll(o.live().pendingJobs());
    all.addAll(o.live().runningJobs());
    return all;
  }

  private Runner runner(String id) {
    long rid = number(id);
    return o.live().runner(rid).orElseThrow(() -> new NotFound("Runner"));
  }

  private JobState job(String project, String id) {
    long pid = projects.id(project);
    return o.live()
        .job(number(id))
        .filter(s -> s.projectId() == pid && !s.status().equals("created"))
        .orElseThrow(() -> new NotFound("Job"));
  }

  @Override
  public void close() {
    running = false;
    ticker.interrupt();
    server.stop(0);
    executor.shutdownNow();
    if (hooks != null) {
      hooks.close();
    }
  }
}
