package dev.runneriq.app.serve;

import dev.runneriq.app.config.Redactor;
import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.gate.Gates;
import dev.runneriq.app.http.ApiServer;
import dev.runneriq.app.http.BearerAuth;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.ServiceMetrics;
import dev.runneriq.app.logging.LogRedaction;
import dev.runneriq.app.report.Reports;
import dev.runneriq.carbon.CarbonFeed;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.monitor.Monitor;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runneriq serve} as an object: the Monitor on GitLab, the carbon feed, the control loop,
 * the audit log and the HTTP server, started together and closed in order (loop, audit log flushed,
 * then the server). In gate mode the {@link Actuator} plays held jobs; in advisory mode nothing
 * here writes to GitLab.
 */
public final class Service implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

  /**
   * The audit queue's size before decisions spill to the overflow list (of {@link
   * AsyncAuditLog#DEFAULT_OVERFLOW_LIMIT} entries, past which they are dropped and counted).
   */
  private static final int AUDIT_QUEUE = 10_000;

  /** Webhook bodies run to a few hundred kilobytes; the receiver caps them at 5 MiB. */
  private static final long MAX_REQUEST_BYTES = 6L * 1024 * 1024;

  private final ControlLoop loop;
  private final @Nullable Actuator gate;
  private volatile @Nullable ConfigReload reload;
  private final @Nullable CarbonFeed carbon;
  private final @Nullable ScheduledExecutorService pruner;
  private final ApiServer server;
  private final AsyncAuditLog audit;
  private final AuditStore store;
  private final GitLabConfig gitlab;
  private final Supplier<LiveState> state;
  private final Redactor redactor;

  private Service(
      ControlLoop loop,
      @Nullable Actuator gate,
      @Nullable CarbonFeed carbon,
      @Nullable ScheduledExecutorService pruner,
      ApiServer server,
      AsyncAuditLog audit,
      AuditStore store,
      GitLabConfig gl,
      Supplier<LiveState> state,
      Redactor redactor) {
    this.loop = loop;
    this.gate = gate;
    this.carbon = carbon;
    this.pruner = pruner;
    this.server = server;
    this.audit = audit;
    this.store = store;
    this.gitlab = gl;
    this.state = state;
    this.redactor = redactor;
  }

  /**
   * Starts everything. Bad configuration throws {@link IllegalArgumentException} naming the key; an
   * audit log that cannot be opened throws {@link dev.runneriq.store.StoreException}.
   *
   * @param engine the engine the configuration asked for ({@code ConfiguredEngine}), its
   *     tie-breaker included
   * @param clock the time snapshots are taken at: the system's, or a simulated GitLab's
   * @param minGap the least time between two cycles when webhooks keep coming
   */
  public static Service start(
      Engine engine, ServiceConfig config, InstantSource clock, Duration minGap) {
    return start(engine, config, clock, minGap, null);
  }

  /**
   * The same, watching {@code configFile}: a change of its {@code mode} or {@code gate.dry_run}
   * takes effect at once.
   *
   * @param configFile the file {@code config} was loaded from, or null for none
   */
  public static Service start(
      Engine engine,
      ServiceConfig config,
      InstantSource clock,
      Duration minGap,
      @Nullable Path configFile) {
    var c = config.carbon();
    CarbonSource source = config.carbonSource(clock);
    var service =
        start(
            engine,
            config,
            clock,
            minGap,
            source,
            c == null ? Duration.ZERO : c.refresh(),
            configFile == null ? Instant.EPOCH : ConfigReload.changedAt(configFile));
    var gate = service.gate;
    if (configFile != null && gate != null) {
      service.reload = new ConfigReload(configFile, System.getenv(), gate, RELOAD_EVERY).start();
    }
    return service;
  }

  /** How often a running service looks for a change of its config file. */
  static final Duration RELOAD_EVERY = Duration.ofSeconds(2);

  /**
   * Starts everything with the given carbon provider rather than the configured one.
   *
   * @param carbon the grid's intensity, or null for none
   * @param carbonRefresh the least time between two reads of {@code carbon}, by {@code clock}
   * @param configChangedAt when the configuration last changed: a kill switch recorded since holds
   */
  static Service start(
      Engine engine,
      ServiceConfig config,
      InstantSource clock,
      Duration minGap,
      @Nullable CarbonSource carbon,
      Duration carbonRefresh,
      Instant configChangedAt) {
    var engineConfig = engine.config();
    String mode = engineConfig.mode();
    if (!mode.equals("advisory") && !mode.equals("gate")) {
      throw new IllegalArgumentException(
          "mode " + mode + " is not available yet; serve runs in advisory or gate (mode)");
    }
    var gateConfig = config.gate();
    boolean gating = !gateConfig.projects().isEmpty();
    GitLabConfig gl = config.gitlab().client();
    BearerAuth auth = auth(config.server());
    var store = AuditStore.open(config.store());
    var audit = new AsyncAuditLog(store, AUDIT_QUEUE);
    var loopRef = new AtomicReference<@Nullable ControlLoop>();
    var metrics =
        new ServiceMetrics(
            () -> {
              var l = loopRef.get();
              return l == null ? LoopStates.EMPTY : l.state();
            });
    metrics.bindAudit(audit);
    var hooks = new JobStateStore();
    var g = config.gitlab();
    var client = new GitLabClient(gl);
    var monitor =
        new Monitor(
            client,
            (gating
                    ? new Monitor.Settings(
                        g.scope(), g.concurrency(), config.sites(), 10, gateConfig::gates)
                    : new Monitor.Settings(g.scope(), g.concurrency(), config.sites(), 10))
                // the hint and the deferrable opt-in, by the names the engine reads them under
                .withVariables(
                    Set.of(
                        engineConfig.priority().hint().variable(),
                        engineConfig.carbon().tolerance().variable())),
            hooks,
            clock,
            metrics::gitlabCall,
            o -> {
              var l = loopRef.get();
              if (l != null) {
                l.onOutcome(o);
              }
            });
    var feed =
        carbon == null
            ? null
            : new CarbonFeed(carbon, clock, carbonRefresh, engineConfig.carbon().forecastHorizon());
    var gate =
        gating ? Gates.actuator(engine, config, store, client, clock, configChangedAt) : null;
    var learning =
        new Learning(
            config.optimizer(), engine.analyzer(), clock, Learning.keptIn(store.learned()));
    var loop =
        new ControlLoop(
            monitor, feed, engine, audit, metrics, clock, g.pollInterval(), minGap, gate, learning);
    loopRef.set(loop);
    metrics.bindHookBacklog(monitor::hookBacklog, monitor::hookDropped);
    var secret = g.webhookSecret();
    var receiver =
        secret == null ? null : new WebhookReceiver(WebhookConfig.of(secret), hooks, monitor);
    var s = config.server();
    var options =
        new ApiServer.Options(
            s.host(),
            s.port(),
            auth,
            s.metricsOpen(),
            MAX_REQUEST_BYTES,
            g.pollInterval().multipliedBy(3).plusSeconds(30));
    var redactor = config.redactor();
    LogRedaction.add(redactor);
    Supplier<LiveState> visible = () -> new RedactedState(loop.state(), redactor);
    var server = new ApiServer(options, visible, engine, store, metrics, receiver, audit, gate);
    var reportSettings =
        new Reports.Settings(config.sites(), config.budgets(), config.optimizer().learn());
    server.reportSettings(reportSettings);
    metrics.bindBudgets(
        config.budgets().kgPerMonth().keySet(),
        () -> Reports.budgetRatios(store, reportSettings, clock.instant()));
    try {
      server.start();
    } catch (RuntimeException e) {
      LogRedaction.remove(redactor);
      audit.close();
      if (feed != null) {
        feed.close();
      }
      throw new IllegalArgumentException(
          "cannot listen on "
              + s.host()
              + ":"
              + s.port()
              + " (server.host, server.port): "
              + e.getMessage(),
          e);
    }
    if (gate != null) {
      metrics.bindGate(gate);
      gate.start();
    }
    loop.start();
    learning.start(client, g.scope());
    var pruner = pruner(audit, clock, config.retention(), Duration.ofMinutes(1));
    return new Service(loop, gate, feed, pruner, server, audit, store, gl, visible, redactor);
  }

  /**
   * Every hour (the first time after {@code first}), asks the audit log to remove what is older
   * than {@code retention} by {@code clock}; none when retention is zero (keep everything).
   */
  // The task only enqueues a request and cannot throw, so its Future has nothing to tell; the
  // executor returned is what the caller stops.
  @SuppressWarnings("FutureReturnValueIgnored")
  static @Nullable ScheduledExecutorService pruner(
      AsyncAuditLog audit, InstantSource clock, Duration retention, Duration first) {
    if (retention.isZero()) {
      return null;
    }
    var pruner =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("runneriq-audit-retention").factory());
    pruner.scheduleAtFixedRate(
        () -> audit.prune(clock.instant().minus(retention)),
        first.toMillis(),
        Duration.ofHours(1).toMillis(),
        TimeUnit.MILLISECONDS);
    return pruner;
  }

  private static BearerAuth auth(ServiceConfig.Server s) {
    if (!s.auth()) {
      return BearerAuth.disabled();
    }
    var token = s.apiToken();
    if (token == null) {
      throw new IllegalArgumentException(
          "an API token is required: set RUNNERIQ_API_TOKEN or server.api_token_file, or"
              + " server.auth: false for local use only");
    }
    return BearerAuth.required(token.reveal());
  }

  public int port() {
    return server.port();
  }

  /** What the service shows: the loop's state, its reasons without any configured secret. */
  public LiveState state() {
    return state.get();
  }

  /** Control loop cycles run so far. */
  public long cycles() {
    return loop.cycles();
  }

  /** How soon jobs were first decided after the webhook that showed them pending. */
  public Latencies hookToAdvice() {
    return loop.hookToAdvice();
  }

  /** Jobs webhooks showed pending that wait to be read from GitLab. */
  public int hookBacklog() {
    return loop.hookBacklog();
  }

  /** Decisions handed to the audit log so far (new jobs and changed advice). */
  public long logged() {
    return loop.logged();
  }

  /** Gate mode's actuator, or null when no gate is configured. */
  public @Nullable Actuator gate() {
    return gate;
  }

  /** The service's Optimizer. */
  Learning learning() {
    return loop.learning();
  }

  public AsyncAuditLog audit() {
    return audit;
  }

  public AuditStore store() {
    return store;
  }

  public GitLabConfig gitlab() {
    return gitlab;
  }

  /**
   * Stops in this order, saying each step in the log: no new decision cycle (the one in progress
   * finishes), the gate, the retention task and the carbon feed; then the audit log writes what it
   * still holds (up to 5 s); then the HTTP server stops, so that health checks and the API answer
   * until the decisions are safe.
   */
  @Override
  public void close() {
    LOG.info("shutdown: stopping; no new decision cycle starts, the one in progress finishes");
    var r = reload;
    if (r != null) {
      r.close();
    }
    loop.close();
    LOG.atInfo()
        .addKeyValue("cycles", loop.cycles())
        .log("shutdown: control loop stopped after {} cycles", loop.cycles());
    if (gate != null) {
      gate.close();
    }
    if (pruner != null) {
      pruner.shutdownNow();
    }
    if (carbon != null) {
      carbon.close();
    }
    audit.close();
    LOG.atInfo()
        .addKeyValue("written", audit.written())
        .addKeyValue("not_written", audit.pending())
        .log(
            "shutdown: audit log flushed: {} decisions and outcomes written, {} not written",
            audit.written(),
            audit.pending());
    // leadership, where the service holds any, is given up here: after the audit log is safe
    server.close();
    LOG.info("shutdown: HTTP server stopped");
    LogRedaction.remove(redactor);
  }
}
