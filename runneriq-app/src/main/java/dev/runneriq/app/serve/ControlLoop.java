package dev.runneriq.app.serve;

import dev.runneriq.app.gate.Actuator;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Monitor (and the grid, when a carbon provider is configured), then engine, then the advice log,
 * in advisory mode: it changes nothing in GitLab. Three threads: the poller reads GitLab in full
 * every {@code pollInterval}; the reader reads the jobs hooks announced, at most {@link
 * #HOOK_READS} requests at a time, ahead of the poll in the rate limit; the decision loop never
 * waits for GitLab: it decides whenever a webhook, a read or a poll signals a change (at most once
 * per {@code minGap}, and at least every {@code pollInterval}) on the last poll's snapshot with
 * what hooks told since applied to it. A job a hook announced is decided at once when GitLab has
 * shown a job of its name in its project before (with that job's tags), else once it is read. So
 * advice follows a Job Hook within a cycle however long a full poll takes (HookLatencyTest), and a
 * burst of hooks is worked off read by read. Decisions that are new or changed go to the audit log
 * and the metrics; outcomes of logged jobs go to the audit log. {@link #state()} is safe from any
 * thread.
 */
final class ControlLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
  private static final long SEED = 42;

  /**
   * GitLab requests the reader spends at a time on jobs hooks announced; the rest wait. One when
   * few wait, so that the first is decided after one request; more as the backlog grows, so that a
   * burst is worked off in fewer rounds.
   */
  static final int HOOK_READS = 4;

  static int hookReads(int backlog) {
    return Math.min(HOOK_READS, 1 + backlog / 4);
  }

  private final Monitor monitor;
  private final @Nullable CarbonFeed carbon;
  private final Engine engine;
  private final AsyncAuditLog audit;
  private final ServiceMetrics metrics;
  private final InstantSource clock;
  private final Duration pollInterval;
  private final Duration minGap;
  private final @Nullable Actuator gate;
  private final Learning learning;
  private final AdviceLog advice = new AdviceLog(100_000);
  private final Set<Long> unknownCarbon = ConcurrentHashMap.newKeySet();
  private final Latencies hookToAdvice = new Latencies(100_000);
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong logged = new AtomicLong();

  /** Held by a decision cycle while it runs, so that {@link #close} lets it finish. */
  private final ReentrantLock inCycle = new ReentrantLock();

  /** How long {@link #close} waits for a cycle in progress before it interrupts it. */
  static final Duration FINISH_CYCLE = Duration.ofSeconds(10);

  private volatile LiveState state;

  /** What the leader before this one published, until GitLab was read once (the loop's thread). */
  private @Nullable LiveState before;

  private volatile boolean running = true;
  private final Thread thread;
  private final Thread poller;
  private final Thread reader;

  /**
   * @param carbon adds the grid's intensity and forecast to each snapshot; null for none
   * @param gate plays held jobs after each cycle, in gate mode; null in advisory mode
   * @param learning learns from the jobs seen finished and puts it into each snapshot
   * @param before what the leader before this one published, shown (saying so) until GitLab was
   *     read once; null to show the Monitor's state meanwhile
   */
  ControlLoop(
      Monitor monitor,
      @Nullable CarbonFeed carbon,
      Engine engine,
      AsyncAuditLog audit,
      ServiceMetrics metrics,
      InstantSource clock,
      Duration pollInterval,
      Duration minGap,
      @Nullable Actuator gate,
      Learning learning,
      @Nullable LiveState before) {
    this.gate = gate;
    this.before = before;
    this.learning = learning;
    this.monitor = monitor;
    this.carbon = carbon;
    this.engine = engine;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.minGap = minGap;
    var v = monitor.view();
    var own =
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
    this.state = before == null ? own : tookOver(before, v.staleReason(), v.reachable());
    this.thread = Thread.ofPlatform().name("runneriq-control-loop").unstarted(this::run);
    this.poller = Thread.ofPlatform().name("runneriq-gitlab-poll").unstarted(this::poll);
    this.reader = Thread.ofPlatform().name("runneriq-hook-reader").unstarted(this::read);
  }

  ControlLoop start() {
    poller.start();
    reader.start();
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

  /** How soon jobs were first decided after the hook that showed them pending. */
  Latencies hookToAdvice() {
    return hookToAdvice;
  }

  /** Jobs hooks showed pending that wait to be read from GitLab. */
  int hookBacklog() {
    return monitor.hookBacklog();
  }

  /** Told by the Monitor of jobs seen running or finished. */
  void onOutcome(JobOutcome outcome) {
    learning.onOutcome(outcome);
    if (advice.worthLogging(outcome)) {
      audit.onOutcome(outcome, clock.instant());
    }
  }

  /** A poll, then a decision cycle; for tests that step the service by hand. */
  void cycle() {
    monitor.refresh();
    decide();
  }

  /**
   * One decision cycle on the monitor's picture now; before GitLab was read once there are no
   * runners to decide on, and only the monitor's state (why it is not ready) is shown.
   */
  private void decide() {
    boolean ready = monitor.polledOnce();
    var view = ready ? monitor.current() : monitor.view();
    var snapshot =
        learning.apply(carbon == null ? view.snapshot() : carbon.enrich(view.snapshot()));
    long started = System.nanoTime();
    List<Decision> decisions = ready ? engine.decide(snapshot, SEED) : List.of();
    metrics.recordCycle(Duration.ofNanos(System.nanoTime() - started));
    for (var d : decisions) {
      long age = monitor.takeHookAge(d.jobId());
      if (age >= 0) {
        metrics.recordHookToAdvice(Duration.ofNanos(age));
        hookToAdvice.add(age);
      }
    }
    var changed = advice.changed(decisions);
    for (var d : changed) {
      audit.onDecision(d);
      metrics.onDecision(d);
      logged(d);
    }
    for (var o : advice.released(changed)) {
      audit.onOutcome(o, clock.instant());
    }
    logged.addAndGet(changed.size());
    if (gate != null && ready) {
      gate.offer(snapshot, view.held(), view.running(), advice.loggedIds());
    }
    var own =
        new LoopState(
            snapshot,
            decisions,
            view.refreshedAt(),
            view.staleReason(),
            view.reachable(),
            view.skipped(),
            carbon == null ? null : carbon.provider(),
            carbon == null ? Map.of() : problems(carbon.problems(), snapshot),
            carbon == null ? Map.of() : carbon.history(),
            view.held(),
            learning.insights(snapshot));
    var shown = before;
    if (ready) {
      before = null; // read once: from now on its own
    }
    state = ready || shown == null ? own : tookOver(shown, view.staleReason(), view.reachable());
    cycles.incrementAndGet();
  }

  /**
   * The state the leader before this one published, shown until this one has read GitLab (at
   * 100,000 pending jobs, about a minute), so that a takeover does not empty the queue on the API,
   * the dashboard and the state it publishes; its reason says so, and whether GitLab answered this
   * leader.
   */
  private static LiveState tookOver(LiveState before, @Nullable String why, boolean reachable) {
    return LoopStates.stale(
        before,
        "this replica took over as leader and has not read GitLab yet"
            + (why == null ? "" : " (" + why + ")")
            + "; shown meanwhile: what the leader before it published, from its poll at "
            + before.refreshedAt().truncatedTo(ChronoUnit.SECONDS),
        reachable);
  }

  /** One line per decision handed to the audit log, its ids as fields (at DEBUG: one a job). */
  private static void logged(Decision d) {
    LOG.atDebug()
        .addKeyValue("decision_id", d.id())
        .addKeyValue("job_id", d.jobId())
        .addKeyValue("project", d.job().project())
        .addKeyValue("action", d.action())
        .addKeyValue("runner", d.runnerId())
        .log("decision logged");
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
        LOG.atWarn().addKeyValue("runner", r.id()).log(Printable.escape(key + ": " + why));
      }
    }
    return out;
  }

  private void run() {
    long seen = monitor.changes();
    while (running) {
      long began = System.nanoTime();
      inCycle.lock();
      try {
        if (!running) {
          return; // stopped while waiting: no new cycle
        }
        MDC.put("cycle", String.valueOf(cycles.get() + 1));
        decide();
      } catch (RuntimeException e) {
        LOG.error("control loop cycle failed; retrying next cycle", e);
      } finally {
        MDC.remove("cycle");
        inCycle.unlock();
      }
      try {
        // at most one cycle per minGap: a cycle that took that long already waited
        long rest = minGap.toNanos() - (System.nanoTime() - began);
        if (rest > 0) {
          Thread.sleep(Duration.ofNanos(rest));
        }
        // news: a hook, a job read, a poll
        seen = monitor.awaitChange(seen, pollInterval.minus(minGap));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Reads the jobs hooks announced, and in gate mode the held jobs of projects a job of which
   * ended, a few requests at a time, beside the decision loop; each read wakes it. A job of a name
   * GitLab has shown before is decided before it is read.
   */
  private void read() {
    long seen = monitor.changes();
    while (running) {
      try {
        int backlog = monitor.pendingReads();
        if (backlog == 0 || !monitor.polledOnce()) {
          seen = monitor.awaitChange(seen, pollInterval);
          continue;
        }
        if (monitor.readAnnounced(hookReads(backlog)) == 0) {
          // nothing read (GitLab failing, or only jobs that wait for a poll): do not spin
          Thread.sleep(minGap);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Reads GitLab in full every poll interval; each poll wakes the decision loop. */
  private void poll() {
    while (running) {
      monitor.refresh();
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Takes no new cycle and lets the one in progress finish (for up to {@link #FINISH_CYCLE}, then
   * it is interrupted), so that what it decided reaches the audit log queue whole; then stops the
   * poller and the reader.
   */
  @Override
  public void close() {
    running = false;
    poller.interrupt();
    reader.interrupt();
    boolean finished = false;
    try {
      finished = inCycle.tryLock(FINISH_CYCLE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (finished) {
      inCycle.unlock();
    } else {
      LOG.warn(
          "the decision cycle in progress did not finish within {}; interrupted", FINISH_CYCLE);
    }
    thread.interrupt(); // out of its wait for news; it takes no new cycle
    try {
      thread.join(10_000);
      reader.join(10_000);
      poller.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    learning.close();
  }

  /** The service's Optimizer. */
  Learning learning() {
    return learning;
  }
}
