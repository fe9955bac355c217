package dev.runneriq.app.serve;

import dev.runneriq.app.config.Redactor;
import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.gate.Gates;
import dev.runneriq.app.gate.Lease;
import dev.runneriq.app.http.ApiServer;
import dev.runneriq.app.http.BearerAuth;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.ServiceMetrics;
import dev.runneriq.app.logging.LogRedaction;
import dev.runneriq.app.report.Reports;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.ActuatorLease;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
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

  private final AtomicReference<@Nullable Led> led;
  private final @Nullable Leadership leadership;
  private final ActuatorLease lease;
  private final @Nullable Actuator gate;
  private volatile @Nullable ConfigReload reload;
  private final @Nullable ScheduledExecutorService pruner;
  private final ApiServer server;
  private final AsyncAuditLog audit;
  private final AuditStore store;
  private final GitLabConfig gitlab;
  private final Supplier<LiveState> state;
  private final Redactor redactor;
  private final @Nullable InboxRelay relay;

  private Service(
      AtomicReference<@Nullable Led> led,
      @Nullable Leadership leadership,
      ActuatorLease lease,
      @Nullable Actuator gate,
      @Nullable ScheduledExecutorService pruner,
      ApiServer server,
      AsyncAuditLog audit,
      AuditStore store,
      GitLabConfig gl,
      Supplier<LiveState> state,
      Redactor redactor,
      @Nullable InboxRelay relay) {
    this.led = led;
    this.leadership = leadership;
    this.lease = lease;
    this.gate = gate;
    this.pruner = pruner;
    this.server = server;
    this.audit = audit;
    this.store = store;
    this.gitlab = gl;
    this.state = state;
    this.redactor = redactor;
    this.relay = relay;
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
    boolean gating = !config.gate().projects().isEmpty();
    GitLabConfig gl = config.gitlab().client();
    BearerAuth auth = auth(config.server());
    var store = AuditStore.open(config.store());
    String instance = Gates.instance(config);
    var lease = ActuatorLease.of(config.store(), instance);
    boolean clustered = !config.store().isSqlite();
    if (!clustered) {
      Leadership.alone(lease, config.store());
    }
    var audit = new AsyncAuditLog(store, AUDIT_QUEUE);
    var ledRef = new AtomicReference<@Nullable Led>();
    var cluster = clustered ? store.cluster() : null;
    var reader = cluster == null ? null : new SharedState.Reader(cluster);
    Supplier<LiveState> live =
        () -> {
          var l = ledRef.get();
          return l != null ? l.loop().state() : reader != null ? reader.get() : LoopStates.EMPTY;
        };
    var metrics = new ServiceMetrics(live);
    metrics.bindAudit(audit);
    var client = new GitLabClient(gl);
    var redactor = config.redactor();
    LogRedaction.add(redactor);
    Supplier<LiveState> visible = () -> new RedactedState(live.get(), redactor);
    var leadership = new AtomicReference<@Nullable Leadership>();
    Lease gateLease = clustered ? new LeaderLease(leadership) : Gates.lease(lease);
    var gate =
        gating
            ? Gates.actuator(engine, config, store, client, clock, configChangedAt, gateLease)
            : null;
    var parts =
        new Led.Parts(
            engine,
            config,
            clock,
            minGap,
            carbon,
            carbonRefresh,
            store,
            audit,
            metrics,
            client,
            gate,
            visible);
    var secret = config.gitlab().webhookSecret();
    var hookConfig = secret == null ? null : WebhookConfig.of(secret);
    @Nullable WebhookReceiver receiver = null;
    InboxRelay relay = null;
    if (hookConfig != null && cluster != null) {
      relay = new InboxRelay(cluster.inboxWriter(), instance, ledRef);
      receiver = new WebhookReceiver(hookConfig, relay);
    }
    metrics.bindHookBacklog(
        () -> {
          var l = ledRef.get();
          return l == null ? 0 : l.loop().hookBacklog();
        },
        () -> {
          var l = ledRef.get();
          return l == null ? 0 : l.hooksDropped();
        });
    var s = config.server();
    var options =
        new ApiServer.Options(
            s.host(),
            s.port(),
            auth,
            s.metricsOpen(),
            MAX_REQUEST_BYTES,
            config.gitlab().pollInterval().multipliedBy(3).plusSeconds(30));
    Led first = null;
    if (cluster == null) {
      first = Led.start(parts, hookConfig, null);
      ledRef.set(first);
      receiver = first.receiver();
    }
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
      if (first != null) {
        first.close();
      }
      LogRedaction.remove(redactor);
      audit.close();
      lease.close();
      store.close();
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
    Leadership elected = null;
    if (cluster != null) {
      elected =
          new Leadership(
              lease,
              cluster,
              instance,
              Led.duties(
                  parts,
                  hookConfig,
                  cluster,
                  ledRef,
                  leadership,
                  reader == null ? () -> null : reader::lastPublished));
      leadership.set(elected);
    }
    var view = new ClusterStatus(instance, elected, cluster);
    server.cluster(view);
    metrics.bindCluster(view);
    if (elected != null) {
      elected.start();
    }
    var pruner = Retention.pruner(audit, clock, config.retention(), Duration.ofMinutes(1));
    return new Service(
        ledRef, elected, lease, gate, pruner, server, audit, store, gl, visible, redactor, relay);
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

  /** Control loop cycles run so far, since this replica last began to lead. */
  public long cycles() {
    var l = led.get();
    return l == null ? 0 : l.loop().cycles();
  }

  /** How soon jobs were first decided after the webhook that showed them pending. */
  public Latencies hookToAdvice() {
    var l = led.get();
    return l == null ? new Latencies(1) : l.loop().hookToAdvice();
  }

  /** Jobs webhooks showed pending that wait to be read from GitLab. */
  public int hookBacklog() {
    var l = led.get();
    return l == null ? 0 : l.loop().hookBacklog();
  }

  /** Decisions handed to the audit log so far (new jobs and changed advice). */
  public long logged() {
    var l = led.get();
    return l == null ? 0 : l.loop().logged();
  }

  /** This replica's place among the replicas on PostgreSQL, in words, as it starts. */
  public String clusterLine() {
    var l = leadership;
    if (l == null) {
      return "a single instance";
    }
    return (l.leading() ? "leads (term " + l.term() + ")" : "follows; another replica leads")
        + " among the replicas on this store: GET /api/v1/cluster";
  }

  /** Whether this instance leads: always on SQLite, the lease holder on PostgreSQL. */
  public boolean leading() {
    return led.get() != null;
  }

  /** Gate mode's actuator, or null when no gate is configured. */
  public @Nullable Actuator gate() {
    return gate;
  }

  /** The service's Optimizer, while it leads. */
  @Nullable Learning learning() {
    var l = led.get();
    return l == null ? null : l.loop().learning();
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
   * finishes; on PostgreSQL no longer leading, with the inbox and the publisher), the gate and the
   * retention task; then the audit log writes what it still holds (up to 5 s); then the lease is
   * given up (a follower leads at once); then the HTTP server stops, so that health checks and the
   * API answer until the decisions are safe.
   */
  @Override
  public void close() {
    LOG.info("shutdown: stopping; no new decision cycle starts, the one in progress finishes");
    var r = reload;
    if (r != null) {
      r.close();
    }
    long cycles = cycles();
    if (leadership != null) {
      leadership.stopLeading();
    }
    var l = led.getAndSet(null);
    if (l != null) {
      l.close();
    }
    LOG.atInfo()
        .addKeyValue("cycles", cycles)
        .log("shutdown: control loop stopped after {} cycles", cycles);
    if (gate != null) {
      gate.close();
    }
    if (pruner != null) {
      pruner.shutdownNow();
    }
    audit.close();
    LOG.atInfo()
        .addKeyValue("written", audit.written())
        .addKeyValue("not_written", audit.pending())
        .log(
            "shutdown: audit log flushed: {} decisions and outcomes written, {} not written",
            audit.written(),
            audit.pending());
    if (leadership != null) {
      leadership.close();
      LOG.info("shutdown: the leader lease is given up; another replica may lead");
    }
    lease.close();
    server.close();
    if (relay != null) {
      relay.close(); // after the server: no delivery is between its checks and the inbox
    }
    LOG.info("shutdown: HTTP server stopped");
    store.close(); // last: the API read the store until the server stopped
    LogRedaction.remove(redactor);
  }
}
