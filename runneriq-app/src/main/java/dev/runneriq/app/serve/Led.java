package dev.runneriq.app.serve;

import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.ServiceMetrics;
import dev.runneriq.carbon.CarbonFeed;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.monitor.Monitor;
import dev.runneriq.gitlab.webhook.HandOff;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.ClusterStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the leading instance runs, and no other: the Monitor on GitLab, the carbon feed, the
 * Optimizer and the control loop that decides (and offers the gate its plays), and on a PostgreSQL
 * store the webhook inbox and the publisher of the live state. Built afresh each time an instance
 * begins to lead (a single instance on SQLite leads from its start to its stop), so that what it
 * learned is read from the store as the last leader left it.
 */
record Led(
    Monitor monitor,
    @Nullable CarbonFeed feed,
    ControlLoop loop,
    @Nullable WebhookReceiver receiver,
    @Nullable HandOff handOff,
    @Nullable HookInbox inbox,
    SharedState.@Nullable Publisher publisher)
    implements AutoCloseable {

  /**
   * Webhook events the snapshot did not take: jobs announced past the backlog of those to read, and
   * events past a full hand-off queue. The job states keep them and the next poll finds them.
   */
  long hooksDropped() {
    var h = handOff;
    return monitor.hookDropped() + (h == null ? 0 : h.dropped());
  }

  /** What every instance builds once, for the leader's part to use. */
  record Parts(
      Engine engine,
      ServiceConfig config,
      InstantSource clock,
      Duration minGap,
      @Nullable CarbonSource carbon,
      Duration carbonRefresh,
      AuditStore store,
      AsyncAuditLog audit,
      ServiceMetrics metrics,
      GitLabClient client,
      @Nullable Actuator gate,
      Supplier<LiveState> visible) {}

  /**
   * The store replicas share, this leader's current term (a new one if it took the lease again),
   * and the state the leader before it published that this replica read while it followed (null
   * when it read none): shown until this leader has read GitLab itself.
   */
  record Shared(ClusterStore cluster, LongSupplier term, @Nullable LiveState before) {}

  /**
   * Starts leading.
   *
   * @param hooks the webhook secret's checks, or null when webhooks are not configured
   * @param shared the PostgreSQL store's cluster tables, or null for a single instance
   */
  static Led start(Parts p, @Nullable WebhookConfig hooks, @Nullable Shared shared) {
    var config = p.config();
    var engineConfig = p.engine().config();
    var gateConfig = config.gate();
    boolean gating = p.gate() != null;
    var g = config.gitlab();
    var states = new JobStateStore();
    var loopRef = new AtomicReference<@Nullable ControlLoop>();
    var monitor =
        new Monitor(
            p.client(),
            (gating
                    ? new Monitor.Settings(
                        g.scope(), g.concurrency(), config.sites(), 10, gateConfig::gates)
                    : new Monitor.Settings(g.scope(), g.concurrency(), config.sites(), 10))
                // the hint and the deferrable opt-in, by the names the engine reads them under
                .withVariables(
                    Set.of(
                        engineConfig.priority().hint().variable(),
                        engineConfig.carbon().tolerance().variable())),
            states,
            p.clock(),
            p.metrics()::gitlabCall,
            o -> {
              var l = loopRef.get();
              if (l != null) {
                l.onOutcome(o);
              }
            });
    var carbon = p.carbon();
    var feed =
        carbon == null
            ? null
            : new CarbonFeed(
                carbon, p.clock(), p.carbonRefresh(), engineConfig.carbon().forecastHorizon());
    var learning =
        new Learning(
            config.optimizer(),
            p.engine().analyzer(),
            p.clock(),
            Learning.keptIn(p.store().learned()));
    var loop =
        new ControlLoop(
            monitor,
            feed,
            p.engine(),
            p.audit(),
            p.metrics(),
            p.clock(),
            g.pollInterval(),
            p.minGap(),
            p.gate(),
            learning,
            shared == null ? null : shared.before());
    loopRef.set(loop);
    // deliveries are answered once in the job states; the Monitor takes them on a thread of its own
    HandOff handOff = null;
    WebhookReceiver receiver = null;
    if (hooks != null) {
      handOff = new HandOff(monitor, HandOff.DEFAULT_CAPACITY);
      receiver = new WebhookReceiver(hooks, states, handOff);
    }
    loop.start();
    learning.start(p.client(), g.scope());
    HookInbox inbox = null;
    SharedState.Publisher publisher = null;
    if (shared != null) {
      if (receiver != null) {
        inbox = new HookInbox(shared.cluster(), receiver).start();
      }
      var gate = p.gate();
      publisher =
          new SharedState.Publisher(
                  shared.cluster(),
                  shared.term(),
                  p.visible(),
                  gate == null ? () -> {} : gate::adoptRecordedMode)
              .start();
    }
    return new Led(monitor, feed, loop, receiver, handOff, inbox, publisher);
  }

  /**
   * Leading on a PostgreSQL store: a fresh part each term this instance wins, into {@code led},
   * closed when it follows again.
   *
   * @param self the leadership these duties serve, for its current term
   */
  static Leadership.Duties duties(
      Parts p,
      @Nullable WebhookConfig hooks,
      ClusterStore cluster,
      AtomicReference<@Nullable Led> led,
      AtomicReference<@Nullable Leadership> self,
      Supplier<@Nullable LiveState> lastRead) {
    return new Leadership.Duties() {
      @Override
      public void lead(long term) {
        var l = self.get();
        LongSupplier terms = l == null ? () -> term : l::term;
        led.set(start(p, hooks, new Shared(cluster, terms, lastRead.get())));
      }

      @Override
      public void follow() {
        var l = led.getAndSet(null);
        if (l != null) {
          l.close();
        }
      }
    };
  }

  /**
   * Stops leading: the inbox first and the hand-off to the Monitor (nothing more is applied), the
   * loop, then the rest.
   */
  @Override
  public void close() {
    if (inbox != null) {
      inbox.close();
    }
    if (handOff != null) {
      handOff.close();
    }
    loop.close();
    if (publisher != null) {
      publisher.close();
    }
    if (feed != null) {
      feed.close();
    }
  }
}
