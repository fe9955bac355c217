package dev.runneriq.app.gate;

import dev.runneriq.app.config.GateConfig;
import dev.runneriq.core.gate.ReleaseRule.Release;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.Printable;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.monitor.RunningJob;
import dev.runneriq.store.ActionKind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gate mode's hands: plays what {@link GatePlan} says, on its own thread, so that the decision loop
 * never waits for GitLab (a play takes 1–15 s). Safe by construction:
 *
 * <ul>
 *   <li>only while the mode is {@code gate} (the kill switch and a config reload change it at once)
 *       and this instance holds the {@link Lease}; else it stands by and says who holds it;
 *   <li>each play is recorded before it is sent and again with GitLab's answer; a job with any
 *       recorded play is never played again, across restarts, whatever the answer was (a play whose
 *       answer was lost may have acted: its floor starts it if it did not);
 *   <li>at most {@code gate.writes_per_minute} plays in any minute; in a dry run, each job it would
 *       play is recorded once and nothing is sent;
 *   <li>a 403 (token without {@code api} scope, user not a Developer, protected ref or environment)
 *       is named in {@link #status()} and the job is left to its floor;
 *   <li>with {@code gate.preempt}, {@link Preempter} cancels and retries running jobs for CRITICAL
 *       ones first, each cancellation and retry recorded the same way, never twice per job.
 * </ul>
 */
public final class Actuator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);

  /** How long a played job counts as pending though a snapshot still shows it held. */
  static final Duration SETTLE = Duration.ofMinutes(2);

  /** 403s named in the status, the latest. */
  static final int FORBIDDEN_KEPT = 20;

  /** GitLab's writes; each throws {@link GitLabApiException} when GitLab refuses or fails. */
  public interface Writes {
    /** Plays a held job, answering its status. */
    String play(String project, long jobId);

    /** Cancels a running job, answering its status. */
    String cancel(String project, long jobId);

    /** Retries an ended job, answering the new job's id. */
    long retry(String project, long jobId);
  }

  /** What the actuator is doing, for {@code /readyz}, the dashboard and {@code /api/v1/mode}. */
  public record Status(
      String mode,
      boolean dryRun,
      boolean acting,
      @Nullable String standingBy,
      long played,
      long failed,
      long forbidden,
      Map<Long, String> lastForbidden,
      @Nullable Instant lastPlay,
      Preemptions preemption) {}

  /** What the decision loop saw: the snapshot, its held and running jobs, and its decisions. */
  record Offer(
      Snapshot snapshot, Set<Long> held, List<RunningJob> running, Map<Long, String> decisions) {}

  private final GatePlan plan;
  private final @Nullable Preempter preempter;
  private final Writes writes;
  private final Journal journal;
  private final Lease lease;
  private final InstantSource clock;
  private final AtomicReference<@Nullable Offer> offered = new AtomicReference<>();
  private final Object wake = new Object();
  private final Map<Long, Instant> played = new ConcurrentHashMap<>();
  private final Set<Long> dryRunLogged = ConcurrentHashMap.newKeySet();

  /** Held jobs not to plan for: refused, failed, or played before (by any instance). */
  private final Set<Long> leftToFloor = ConcurrentHashMap.newKeySet();

  private final ArrayDeque<Instant> sent = new ArrayDeque<>();
  private final Map<Long, String> forbidden =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
              return size() > FORBIDDEN_KEPT;
            }
          });
  private final AtomicLong plays = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private volatile GateConfig config;
  private volatile String mode;
  private volatile boolean acting;

  /**
   * Who held the lease when this instance last asked for it in vain, or null before it first asked;
   * read by every status.
   */
  private volatile @Nullable String holder;

  private volatile @Nullable Instant lastPlay;

  /** When the last mode change this instance knows of was recorded. */
  private Instant knownChange;

  private volatile boolean running = true;
  private final Thread thread;

  /**
   * @param preempt the preemptions to make, or null for none
   * @param mode the configured mode, {@code gate} or {@code advisory}; a kill switch recorded since
   *     the configuration last changed wins over it
   * @param configChangedAt when the configuration file last changed
   */
  public Actuator(
      GatePlan plan,
      @Nullable PreemptPlan preempt,
      GateConfig config,
      String mode,
      Instant configChangedAt,
      Writes writes,
      Journal journal,
      Lease lease,
      InstantSource clock) {
    this.plan = plan;
    this.preempter = preempt == null ? null : new Preempter(preempt, journal, writes, clock);
    this.config = config;
    this.writes = writes;
    this.journal = journal;
    this.lease = lease;
    this.clock = clock;
    var last = journal.lastModeChange();
    this.mode = last != null && last.at().isAfter(configChangedAt) ? last.to() : mode;
    this.knownChange = last == null ? configChangedAt : last.at();
    this.thread = Thread.ofPlatform().name("runneriq-gate").unstarted(this::run);
  }

  public Actuator start() {
    thread.start();
    return this;
  }

  /**
   * The decision loop's latest picture: the actuator plans on the newest one it has when it is
   * free, and skips older ones.
   *
   * @param running the jobs running, of the projects gate mode acts in (preemption's victims)
   * @param decisions the logged decision per job id, to link each play to
   */
  public void offer(
      Snapshot snapshot, Set<Long> held, List<RunningJob> running, Map<Long, String> decisions) {
    offered.set(new Offer(snapshot, held, running, decisions));
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** {@code gate} or {@code advisory}. */
  public String mode() {
    return mode;
  }

  /**
   * Switches between {@code gate} and {@code advisory} without a restart, recorded with who asked
   * and why; the switch outlives a restart until the configuration changes.
   *
   * @throws IllegalArgumentException for another mode
   */
  public synchronized void switchTo(String to, String who, String why) {
    if (!to.equals("gate") && !to.equals("advisory")) {
      throw new IllegalArgumentException(
          "mode must be gate or advisory, but was " + Printable.clip(to));
    }
    String from = mode;
    journal.modeChanged(from, to, who, why);
    mode = to;
    var recorded = journal.lastModeChange();
    if (recorded != null) {
      knownChange = recorded.at();
    }
    LOG.warn(Printable.escape("mode " + from + " -> " + to + " by " + who + ": " + why));
  }

  /**
   * Takes up a switch of mode another replica on the same store recorded since this one last looked
   * (the kill switch may reach any replica behind a load balancer; the leader acts on it).
   */
  public synchronized void adoptRecordedMode() {
    var last = journal.lastModeChange();
    if (last == null || !last.at().isAfter(knownChange)) {
      return;
    }
    knownChange = last.at();
    if ((last.to().equals("gate") || last.to().equals("advisory")) && !last.to().equals(mode)) {
      LOG.warn(
          Printable.escape(
              "mode " + mode + " -> " + last.to() + ", as " + last.who() + " switched it"));
      mode = last.to();
    }
  }

  /** A config reload: dry run on or off, recorded as a mode change when it changes. */
  public synchronized void reload(String newMode, GateConfig newConfig, String why) {
    if (!newMode.equals(mode)) {
      switchTo(newMode, "config reload", why);
    }
    if (newConfig.dryRun() != config.dryRun()) {
      journal.modeChanged(
          dryRunWord(config.dryRun()), dryRunWord(newConfig.dryRun()), "config reload", why);
    }
    config = config.withDryRun(newConfig.dryRun());
  }

  private static String dryRunWord(boolean dryRun) {
    return dryRun ? "gate (dry run)" : "gate";
  }

  public Status status() {
    // cheap: scrapes and status pages ask the store (a PostgreSQL lease is a query) only until
    // the gate's first cycle has asked for the lease
    var known = holder;
    String standingBy =
        acting || !mode.equals("gate") ? null : known != null ? known : lease.holder();
    Map<Long, String> refused;
    synchronized (forbidden) { // a synchronized map is iterated under its own lock
      refused =
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(forbidden)); // oldest first
    }
    return new Status(
        mode,
        config.dryRun(),
        acting,
        standingBy,
        plays.get(),
        failures.get(),
        refusals.get(),
        refused,
        lastPlay,
        preempter == null ? Preemptions.OFF : preempter.counts());
  }

  private void run() {
    while (running) {
      var offer = offered.getAndSet(null);
      if (offer == null) {
        synchronized (wake) {
          try {
            wake.wait(1_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        continue;
      }
      try {
        act(offer);
      } catch (RuntimeException e) {
        LOG.error("gate cycle failed; trying again next cycle", e);
      }
    }
  }

  private void act(Offer offer) {
    if (!mode.equals("gate")) {
      return;
    }
    boolean holds = lease.tryAcquire();
    String other = holds ? null : lease.holder();
    holder = other;
    if (holds != acting) {
      acting = holds;
      LOG.info(
          other == null
              ? "gate: this instance acts (it holds the actuator lease)"
              : "gate: standing by; the actuator lease is held by " + other);
    }
    if (!holds) {
      return;
    }
    Instant now = clock.instant();
    played.values().removeIf(t -> t.isBefore(now.minus(SETTLE)));
    leftToFloor.retainAll(offer.held()); // once pending, GitLab's like any other job
    if (preempter != null
        && !preempter.act(offer, played.keySet(), config.dryRun(), this::mayWrite, this::playNow)) {
      return;
    }
    var plays = plan.plan(offer.snapshot(), offer.held(), played.keySet(), leftToFloor);
    for (var p : plays) {
      if (!running || !mode.equals("gate") || !play(p, offer.decisions().get(p.job().id()))) {
        return;
      }
    }
  }

  /** Plays one job; false when no more plays may be sent now (the rate limit). */
  private boolean play(GatePlan.Play p, @Nullable String decisionId) {
    return playNow(p.job(), decisionId, reason(p)) != PlayResult.LIMITED;
  }

  /**
   * How a play went: sent and done, not sent (refused, failed, or not to be sent), rate-limited.
   */
  enum PlayResult {
    DONE,
    NOT_PLAYED,
    LIMITED
  }

  /** Plays {@code job} for {@code reason}, recorded before and after; never twice. */
  PlayResult playNow(PendingJob job, @Nullable String decisionId, String reason) {
    if (played.containsKey(job.id())) {
      return PlayResult.DONE;
    }
    if (journal.alreadyActed(ActionKind.PLAY, job.id())) {
      leftToFloor.add(job.id()); // before a restart, or by another instance: not again
      return PlayResult.NOT_PLAYED;
    }
    if (config.dryRun()) {
      if (dryRunLogged.add(job.id())) {
        long id =
            journal.intend(ActionKind.PLAY, job.id(), job.project(), decisionId, reason, true);
        journal.answered(id, "dry_run", 0, "dry run: not sent", null);
      }
      return PlayResult.NOT_PLAYED;
    }
    if (!mayWrite()) {
      return PlayResult.LIMITED;
    }
    long id = journal.intend(ActionKind.PLAY, job.id(), job.project(), decisionId, reason, false);
    if (id < 0) {
      leftToFloor.add(job.id());
      return PlayResult.NOT_PLAYED;
    }
    played.put(job.id(), clock.instant());
    try {
      String status = writes.play(job.project(), job.id());
      plays.incrementAndGet(); // counted first: a reader never sees a recorded play uncounted
      journal.answered(id, "done", 200, "the job is " + status, null);
      lastPlay = clock.instant();
      return PlayResult.DONE;
    } catch (GitLabApiException e) {
      boolean refused = e.status() == 403;
      String answer = String.valueOf(e.getMessage());
      journal.answered(id, refused ? "forbidden" : "failed", e.status(), answer, null);
      (refused ? refusals : failures).incrementAndGet();
      // GitLab did not take it, or may not have: it waits for its floor, taking no slot before
      played.remove(job.id());
      leftToFloor.add(job.id());
      if (refused) {
        forbidden.put(job.id(), job.project() + ": " + answer);
      }
      LOG.atWarn()
          .addKeyValue("job_id", job.id())
          .addKeyValue("project", job.project())
          .addKeyValue("decision_id", decisionId)
          .log(
              Printable.escape(
                  "gate: play of job "
                      + job.id()
                      + " ("
                      + job.project()
                      + ") "
                      + (refused ? "refused (403)" : "failed")
                      + "; it starts at its floor: "
                      + answer));
      return PlayResult.NOT_PLAYED;
    }
  }

  private static String reason(GatePlan.Play p) {
    var d = p.decision();
    String why =
        p.release() == Release.PLAY
            ? "runner " + d.runnerId() + " has a slot for it"
            : "played ahead of a free slot (its pool's k)";
    return d.priority().tier() + " " + d.priority().score() + ": " + why;
  }

  /** Whether a write may go now under {@code gate.writes_per_minute}; counts it if so. */
  private boolean mayWrite() {
    Instant now = clock.instant();
    synchronized (sent) {
      while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
        sent.pollFirst();
      }
      if (sent.size() >= config.writesPerMinute()) {
        return false;
      }
      sent.addLast(now);
      return true;
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
    lease.close();
  }
}
