package dev.runneriq.app.serve;

import dev.runneriq.app.config.Redactor;
import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.http.ApiServer;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.logging.LogRedaction;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.client.GitLabConfig;
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
 * the audit log and the HTTP server, started together ({@link Startup}) and closed in order (loop,
 * audit log flushed, then the server). In gate mode the {@link Actuator} plays held jobs; in
 * advisory mode nothing here writes to GitLab.
 */
public final class Service implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Service.class);

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

  /** The parts {@link Startup} started, to be closed in order. */
  Service(
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
        Startup.start(
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
