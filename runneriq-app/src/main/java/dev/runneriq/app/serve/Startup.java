package dev.runneriq.app.serve;

import dev.runneriq.app.config.ServiceConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Service} starts: the audit store and the leader lease, the loop's parts, the webhook
 * receiver (through the store's inbox on PostgreSQL), the HTTP server, the gate, and on PostgreSQL
 * the election, in that order; a port already taken closes what was opened and says which keys to
 * change. The service closes them in the reverse order.
 */
final class Startup {
  /**
   * The audit queue's size before decisions spill to the overflow list (of {@link
   * AsyncAuditLog#DEFAULT_OVERFLOW_LIMIT} entries, past which they are dropped and counted).
   */
  private static final int AUDIT_QUEUE = 10_000;

  /** Webhook bodies run to a few hundred kilobytes; the receiver caps them at 5 MiB. */
  private static final long MAX_REQUEST_BYTES = 6L * 1024 * 1024;

  private Startup() {}

  /**
   * Starts the service of {@code config} with the given carbon provider rather than the configured
   * one. Bad configuration throws {@link IllegalArgumentException} naming the key; an audit log
   * that cannot be opened throws {@link dev.runneriq.store.StoreException}.
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
}
