package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.mcp.RunnerIqTools;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreException;
import dev.runneriq.store.WindowStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The service's HTTP surfaces on one port: the API under {@code /api/v1}, the dashboard at {@code
 * /}, {@code /metrics}, {@code /healthz} and {@code /readyz}. Every route but the health checks
 * (and {@code /metrics} when configured open) requires the bearer token; the dashboard takes it
 * once as {@code /?token=…} and keeps it in an HttpOnly cookie. The MCP tools answer at {@code
 * /mcp} (streamable HTTP) behind the same token.
 */
public final class ApiServer implements AutoCloseable {
  /** Every route the server answers, for the OpenAPI document and the access-control test. */
  public record Route(String method, String path, boolean open, String summary) {}

  /**
   * @param metricsOpen serve {@code /metrics} without the token (for a Prometheus scraper)
   * @param maxRequestBytes larger request bodies are refused with 413
   * @param staleAfter the snapshot is not ready when older than this
   */
  public record Options(
      String host,
      int port,
      BearerAuth auth,
      boolean metricsOpen,
      long maxRequestBytes,
      Duration staleAfter) {}

  static final String COOKIE = "runneriq_token";

  /** How long one answer of /api/v1/stats serves: dashboards poll it every 3 s, each tab. */
  static final Duration STATS_FOR = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
  private static final Pattern FORWARDED_HTTPS =
      Pattern.compile("(^|[;,\\s])proto=\"?https\"?($|[;,\\s])", Pattern.CASE_INSENSITIVE);

  private final Options options;
  private final Supplier<LiveState> state;
  private final Engine engine;
  private final ServiceMetrics metrics;
  private final HookEndpoint hooks;
  private final ActionsEndpoint actions;
  private final DecisionsEndpoint decisions;
  private final ReportEndpoint report;
  private volatile ClusterView cluster = ClusterView.single("this server");
  private final ModeEndpoint mode;
  private final Readiness readiness;
  private final McpMount mcp;
  private final Recent<ObjectNode> stats;
  private final Javalin app;

  /**
   * @param hooks takes {@code POST /hooks/gitlab}; null when no webhook secret is configured (the
   *     route then answers 404 saying so)
   */
  public ApiServer(
      Options options,
      Supplier<LiveState> state,
      Engine engine,
      @Nullable AuditStore store,
      ServiceMetrics metrics,
      @Nullable WebhookReceiver hooks) {
    this(options, state, engine, store, metrics, hooks, null, null);
  }

  /**
   * @param audit the writer in front of {@code store}, whose failing writes and full queue fail
   *     readiness; null when nothing writes through this server's process
   * @param gate gate mode's actuator, switched by {@code POST /api/v1/mode}; null when no gate is
   *     configured
   */
  public ApiServer(
      Options options,
      Supplier<LiveState> state,
      Engine engine,
      @Nullable AuditStore store,
      ServiceMetrics metrics,
      @Nullable WebhookReceiver hooks,
      @Nullable AsyncAuditLog audit,
      @Nullable Actuator gate) {
    this.options = options;
    this.mode = new ModeEndpoint(gate);
    this.readiness = new Readiness(state, store, audit, gate, options.staleAfter());
    this.state = state;
    this.engine = engine;
    this.metrics = metrics;
    this.hooks = new HookEndpoint(hooks, metrics);
    this.actions = new ActionsEndpoint(store);
    this.decisions = new DecisionsEndpoint(state, store);
    this.report = new ReportEndpoint(store, java.time.InstantSource.system());
    // the method reference is the Supplier<@Nullable LiveState> the tools take: NullAway lets no
    // Supplier<LiveState> stand for one
    @SuppressWarnings("UnnecessaryMethodReference")
    Supplier<@Nullable LiveState> toolState = state::get;
    this.mcp =
        new McpMount(
            new RunnerIqTools(toolState, engine, store), options.auth(), options.maxRequestBytes());
    this.stats =
        new Recent<>(
            STATS_FOR,
            () -> {
              var s = store;
              return Views.stats(
                  state.get(),
                  since -> s == null ? WindowStats.EMPTY : storeCall(() -> s.window(since)));
            });
    this.app = Javalin.create(this::configure);
  }

  public static List<Route> routes(boolean metricsOpen) {
    return List.of(
        new Route("GET", "/healthz", true, "The process is alive"),
        new Route(
            "GET",
            "/readyz",
            true,
            "GitLab reachable, audit log writable, snapshot fresh (carbon reported, not required)"),
        new Route("GET", "/metrics", metricsOpen, "Prometheus metrics"),
        new Route("GET", "/", false, "The dashboard"),
        new Route("GET", "/api/v1/openapi.json", false, "This API's OpenAPI document"),
        new Route("GET", "/api/v1/queue", false, "Pending jobs with priority and advice"),
        new Route("GET", "/api/v1/fleet", false, "Runners with load, health, zone and carbon"),
        new Route("GET", "/api/v1/decisions", false, "Decisions from the audit log, newest first"),
        new Route("GET", "/api/v1/decisions/{id}", false, "One decision with its outcome"),
        new Route(
            "GET",
            ActionsEndpoint.PATH,
            false,
            "Writes to GitLab (play, cancel, retry) and mode changes, newest first"),
        new Route("GET", "/api/v1/context", false, "The live snapshot (runneriq.context/v1)"),
        new Route(
            "GET",
            "/api/v1/insights",
            false,
            "What the Optimizer learned of runners and the projects whose claims it damps"),
        new Route("POST", "/api/v1/decide", false, "A context in, decisions out"),
        new Route(
            "GET",
            "/api/v1/cluster",
            false,
            "Which instance leads, its term, and the replicas seen alive"),
        new Route(
            "GET", ModeEndpoint.PATH, false, "The mode (gate or advisory) and what the gate did"),
        new Route(
            "POST",
            ModeEndpoint.PATH,
            false,
            "The kill switch: {\"mode\": \"advisory\" | \"gate\", \"reason\": \"...\"}, at once and recorded"),
        new Route(
            "GET",
            "/api/v1/stats",
            false,
            "Wait time per tier, decisions by decided_by, energy and CO2 of finished jobs"),
        new Route(
            "GET",
            ReportEndpoint.PATH,
            false,
            "What RunnerIQ saved per project and group: waits, energy, CO2, budgets, runners"),
        new Route(
            "POST",
            HookEndpoint.PATH,
            true,
            "GitLab Job and Pipeline Hooks, checked against X-Gitlab-Token (the webhook secret)"),
        new Route("POST", McpMount.PATH, false, "MCP (streamable HTTP): JSON-RPC requests"),
        new Route("GET", McpMount.PATH, false, "MCP (streamable HTTP): a session's event stream"),
        new Route("DELETE", McpMount.PATH, false, "MCP (streamable HTTP): end a session"));
  }

  private void configure(io.javalin.config.JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.http.maxRequestSize = options.maxRequestBytes();
    config.jetty.modifyServletContextHandler(
        context -> {
          var headers = new FilterHolder(new SecurityHeaders());
          headers.setAsyncSupported(true);
          context.addFilter(headers, "/*", EnumSet.of(DispatcherType.REQUEST));
          mcp.mount(context);
        });
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
    config.jetty.modifyHttpConfiguration(ApiServer::cutOffTricklingBodies);
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/assets";
          files.directory = "/dashboard";
          files.location = Location.CLASSPATH;
        });
    var r = config.routes;
    r.before(this::authorize);
    r.get("/healthz", ctx -> ctx.json(Documents.JSON.createObjectNode().put("alive", true)));
    r.get("/readyz", readiness::handle);
    r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
    r.get("/", this::dashboard);
    r.get(
        "/api/v1/openapi.json", ctx -> json(ctx, OpenApi.document(routes(options.metricsOpen()))));
    r.get(
        "/api/v1/queue",
        ctx ->
            json(
                ctx,
                Views.queue(
                    state.get(),
                    Params.intParam(ctx, "offset", 0),
                    Params.intParam(ctx, "limit", Integer.MAX_VALUE))));
    r.get("/api/v1/fleet", ctx -> json(ctx, Views.fleet(state.get())));
    r.get("/api/v1/decisions", decisions::list);
    r.get("/api/v1/decisions/{id}", decisions::one);
    r.get(ActionsEndpoint.PATH, actions::handle);
    r.get("/api/v1/context", ctx -> json(ctx, ContextFormat.write(state.get().snapshot())));
    r.get("/api/v1/cluster", ctx -> json(ctx, cluster.json()));
    r.get("/api/v1/insights", ctx -> json(ctx, state.get().insights().json()));
    r.post("/api/v1/decide", this::decide);
    r.get(ModeEndpoint.PATH, mode::get);
    r.post(ModeEndpoint.PATH, mode::post);
    r.get("/api/v1/stats", ctx -> json(ctx, stats.get()));
    r.get(ReportEndpoint.PATH, report::handle);
    r.post(HookEndpoint.PATH, hooks::handle);
    r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.log(System.Logger.Level.ERROR, ctx.method() + " " + ctx.path() + " failed", e);
          error(ctx, 500, "internal error; the service's log has the details");
        });
    r.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
          }
        });
  }

  /** Who leads, for {@code GET /api/v1/cluster} and {@code /readyz}. */
  public ApiServer cluster(ClusterView view) {
    cluster = view;
    readiness.cluster(view);
    return this;
  }

  /** What {@code GET /api/v1/report} reads besides the audit log (default: nothing configured). */
  public ApiServer reportSettings(dev.runneriq.app.report.Reports.Settings settings) {
    report.settings(settings);
    return this;
  }

  public ApiServer start() {
    app.start(options.host(), options.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    mcp.close();
  }

  private void authorize(Context ctx) {
    String path = ctx.path();
    if (path.equals("/healthz")
        || path.equals("/readyz")
        || path.equals(HookEndpoint.PATH)
        || (path.equals("/metrics") && options.metricsOpen())
        || path.startsWith("/assets/")) {
      return;
    }
    var auth = options.auth();
    if (auth.allows(ctx.header("Authorization"))) {
      return;
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null && auth.allows("Bearer " + cookie)) {
      return;
    }
    String query = path.equals("/") ? ctx.queryParam("token") : null;
    if (query != null && auth.allows("Bearer " + query)) {
      // into a cookie, and out of the address bar, the history and any Referer at once
      ctx.header(
          "Set-Cookie",
          COOKIE
              + "="
              + query
              + "; Path=/; HttpOnly; SameSite=Strict"
              + (overHttps(ctx) ? "; Secure" : ""));
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      ctx.skipRemainingHandlers();
      return;
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"runneriq\"");
    throw new ApiError(
        401,
        path.equals("/")
            ? "the dashboard needs the API token: open /?token=<your token> once"
            : "missing or wrong bearer token (Authorization: Bearer <token>)");
  }

  /** A body that trickles in is cut off (408) rather than hold a server thread. */
  // Jetty 12.1 marks this for removal but still enforces it; its replacement,
  // MinimumDataRateHandler, fails the read differently, so moving is a change of its own.
  @SuppressWarnings("removal")
  private static void cutOffTricklingBodies(HttpConfiguration http) {
    http.setMinRequestDataRate(Bodies.MIN_BYTES_PER_SECOND);
  }

  /**
   * Whether the browser came over HTTPS: to this server, or to a proxy in front that says so
   * ({@code X-Forwarded-Proto: https}, {@code Forwarded: proto=https}). The header is taken from
   * any peer, because all it can do is add {@code Secure}, which only keeps the cookie off plain
   * HTTP.
   */
  static boolean overHttps(Context ctx) {
    if ("https".equalsIgnoreCase(ctx.scheme())) {
      return true;
    }
    String forwardedProto = ctx.header("X-Forwarded-Proto");
    if (forwardedProto != null && forwardedProto.strip().equalsIgnoreCase("https")) {
      return true;
    }
    String forwarded = ctx.header("Forwarded");
    return forwarded != null && FORWARDED_HTTPS.matcher(forwarded).find();
  }

  private void dashboard(Context ctx) {
    try (var in = ApiServer.class.getResourceAsStream("/dashboard/index.html")) {
      if (in == null) {
        throw new ApiError(500, "the dashboard is missing from this build");
      }
      ctx.contentType("text/html; charset=utf-8")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new ApiError(500, "cannot read the dashboard");
    }
  }

  private void decide(Context ctx) {
    JsonNode body;
    try {
      body =
          Documents.parse(Bodies.read(ctx.req(), options.maxRequestBytes()), "request body", false);
    } catch (FormatException e) {
      throw new ApiError(400, String.valueOf(e.getMessage()));
    }
    try {
      var snapshot = ContextFormat.parse(body, "request body");
      long seed = Params.intParam(ctx, "seed", 42);
      long started = System.nanoTime();
      var decisions = engine.decide(snapshot, seed);
      metrics.recordCycle(Duration.ofNanos(System.nanoTime() - started));
      json(ctx, DecisionFormat.writeAll(decisions));
    } catch (FormatException | IllegalArgumentException e) {
      throw new ApiError(400, String.valueOf(e.getMessage()));
    }
  }

  static <T> T storeCall(Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      throw new ApiError(503, "the audit log is not answering; try again shortly");
    }
  }

  static void json(Context ctx, JsonNode node) {
    try {
      ctx.contentType("application/json").result(Documents.JSON.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(500, "cannot render JSON");
    }
  }

  static void error(Context ctx, int status, @Nullable String message) {
    ctx.status(status);
    json(ctx, ApiError.body(status, message == null ? "error" : message));
  }
}
