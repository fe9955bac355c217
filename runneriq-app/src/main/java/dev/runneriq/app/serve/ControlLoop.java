package dev.runneriq.app.serve;

import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.ServiceMetrics;
import dev.runneriq.carbon.CarbonFeed;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.Printable;
import dev.runneriq.gitlab.monitor.Monitor;
import dev.runneriq.store.AsyncAuditLog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Monitor (and the grid, when a carbon provider is configured), then engine, then the advice log,
 * in advisory mode: it changes nothing in GitLab. A cycle runs when a webhook signals a change (at
 * most one per {@code minGap}) and at least every {@code pollInterval}. Decisions that are new or
 * changed go to the audit log and the metrics; outcomes of logged jobs go to the audit log. One
 * thread; {@link #state()} is safe from any.
 */
final class ControlLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());
  private static final long SEED = 42;

  private final Monitor monitor;
  private final @Nullable CarbonFeed carbon;
  private final Engine engine;
  private final AsyncAuditLog audit;
  private final ServiceMetrics metrics;
  private final InstantSource clock;
  private final Duration pollInterval;
  private final Duration minGap;
  private final AdviceLog advice = new AdviceLog(100_000);
  private final Set<Long> unknownCarbon = ConcurrentHashMap.newKeySet();
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong logged = new AtomicLong();
  private volatile LiveState state;
  private volatile boolean running = true;
  private final Thread thread;

  /**
   * @param carbon adds the grid's intensity and forecast to each snapshot; null for none
   */
  ControlLoop(
      Monitor monitor,
      @Nullable CarbonFeed carbon,
      Engine engine,
      AsyncAuditLog audit,
      ServiceMetrics metrics,
      InstantSource clock,
      Duration pollInterval,
      Duration minGap) {
    this.monitor = monitor;
    this.carbon = carbon;
    this.engine = engine;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.minGap = minGap;
    var v = monitor.view();
    this.state =
        new LoopState(
            v.snapshot(),
            List.of(),
            v.refreshedAt(),
            v.staleReason(),
            false,
            v.skipped(),
            carbon == null ? null : carbon.provider(),
            Map.of(),
            Map.of());
    this.thread = Thread.ofPlatform().name("runneriq-control-loop").unstarted(this::run);
  }

  ControlLoop start() {
    thread.start();
    return this;
  }

  LiveState state() {
    return state;
  }

  long cycles() {
    return cycles.get();
  }

  /** Decisions logged so far (new jobs and changed advice). */
  long logged() {
    return logged.get();
  }

  /** Told by the Monitor of jobs seen running or finished. */
  void onOutcome(JobOutcome outcome) {
    if (advice.worthLogging(outcome)) {
      audit.onOutcome(outcome, clock.instant());
    }
  }

  /** One cycle; public to the package for tests that step the loop by hand. */
  void cycle() {
    var view = monitor.refresh();
    var snapshot = carbon == null ? view.snapshot() : carbon.enrich(view.snapshot());
    long started = System.nanoTime();
    List<Decision> decisions = engine.decide(snapshot, SEED);
    metrics.recordCycle(Duration.ofNanos(System.nanoTime() - started));
    var changed = advice.changed(decisions);
    for (var d : changed) {
      audit.onDecision(d);
      metrics.onDecision(d);
    }
    for (var o : advice.released(changed)) {
      audit.onOutcome(o, clock.instant());
    }
    logged.addAndGet(changed.size());
    state =
        new LoopState(
            snapshot,
            decisions,
            view.refreshedAt(),
            view.staleReason(),
            view.reachable(),
            view.skipped(),
            carbon == null ? null : carbon.provider(),
            carbon == null ? Map.of() : problems(carbon.problems(), snapshot),
            carbon == null ? Map.of() : carbon.history());
    cycles.incrementAndGet();
  }

  /**
   * The feed's problems per zone, and each runner the grid says nothing about (no zone, or a zone
   * without a reading), so that its jobs' "no carbon data" is named, never counted as 0 kg; each
   * such runner is logged once.
   */
  private Map<String, String> problems(Map<String, String> byZone, Snapshot snapshot) {
    var out = new TreeMap<String, String>(byZone);
    for (Runner r : snapshot.runners()) {
      String zone = r.zone();
      if (zone != null && snapshot.carbon().containsKey(zone)) {
        continue;
      }
      String why =
          zone == null
              ? "no zone (set fleet.zone, fleet.zone_by_tag or the fleet file): its jobs count as"
                  + " no carbon data"
              : "no reading for its zone " + zone + ": its jobs count as no carbon data";
      String key = "runner " + r.name() + " (" + r.id() + ")";
      out.put(key, why);
      if (unknownCarbon.add(r.id())) {
        LOG.log(System.Logger.Level.WARNING, Printable.escape(key + ": " + why));
      }
    }
    return out;
  }

  private void run() {
    long seen = monitor.changes();
    while (running) {
      try {
        cycle();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "control loop cycle failed; retrying next cycle", e);
      }
      try {
        Thread.sleep(minGap);
        seen = monitor.awaitChange(seen, pollInterval.minus(minGap));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
