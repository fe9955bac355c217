package dev.runneriq.sim;

import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.engine.Assigner;
import dev.runneriq.core.engine.Assignment;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.gate.ReleaseRule;
import dev.runneriq.core.gate.ReleaseRule.Release;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.PriorityPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Gate mode, as far as GitLab's levers allow (docs/SIMULATOR.md, "Gate mode"): RunnerIQ chooses
 * only the order in which held jobs are released; GitLab's own dispatch ({@code fair}) places them.
 *
 * <ul>
 *   <li>The CI template makes each job of a push, merge request or web pipeline {@code when:
 *       delayed} with a 10-minute {@code start_in} floor (30 minutes for scheduled pipelines): when
 *       it is ready it is <em>held</em> (GitLab's status {@code scheduled}). Jobs of other sources,
 *       and jobs delayed by their own rules, are not held.
 *   <li>RunnerIQ plays held jobs, highest priority first (the engine's aged score), each through
 *       the engine's own per-job step on a table of the runners whose load counts the slots already
 *       promised to played jobs. A job the step assigns is played, and that slot is promised to it
 *       until it starts (wherever GitLab starts it). A job the step makes wait because its pool
 *       (the runners that may take it) has no free slot is played only while fewer than k played
 *       jobs of that pool wait so, and only if no runner of the pool keeps its last slots from it
 *       (the engine's reservation of deploy runners): GitLab would give it the next slot to free,
 *       whichever runner's.
 *   <li>A write (play, and with preemption cancel and retry) acts after the write latency; writes
 *       act in the order RunnerIQ sent them, GitLab's dispatch placing what it can after each.
 *   <li>The floor: a held job RunnerIQ has not played becomes pending by itself when its floor
 *       ends, as GitLab's timer makes it; so does a played job whose play has not yet acted.
 *   <li>With a {@link GateModel#preemption()}, {@link GatePreemption} cancels jobs for CRITICAL
 *       ones that waited too long.
 *   <li>With a {@link GateModel#unschedule()}, {@link GateUnschedule} turns low-tier held jobs
 *       manual before their floor while their pool is full; RunnerIQ plays them later.
 *   <li>With a {@link GateModel#evict()}, {@link GateEviction} cancels and retries jobs GitLab
 *       started on a runner that keeps its slots from them (a protected build on a deploy runner).
 * </ul>
 *
 * <p>Waits are measured from when a job is ready (held), as for every policy: the time held counts.
 */
final class GatePolicy implements Policy {
  /** Counters in the sim-result's decisions: jobs played, and held jobs their floor started. */
  static final String PLAYED = "played";

  static final String FLOOR = "floor";

  private static final byte HELD = 1;
  private static final byte PLAYING = 2;
  private static final byte QUEUED = 3;
  private static final byte CANCELED = 4;

  // timers: what happens at their time to the job they carry
  static final int FLOOR_ENDS = 0;
  private static final int PLAY_ACTS = 1;
  static final int CANCEL_ACTS = 2;
  static final int RETRY_ACTS = 3;

  /** A look for CRITICAL jobs to preempt for. */
  static final int LOOK = 4;

  private final Simulation sim;
  private final World w;
  private final GateModel model;
  private final ReleaseRule rule;
  private final GitLabOrder gitlab;
  private final EventQueue timers = new EventQueue();
  private final LongPredicate acting;
  private final Analyzer analyzer;
  private final PriorityPolicy.Tiers tiers;
  private final RunnerTable table;
  private final Assigner assigner;
  private final Backlog held;
  private final EngineJobs jobs;
  private final byte[] state;
  private final long[] playedAt;
  private final long[] queuedAt;
  private final boolean[] byFloor;
  private final GateSlots slots;
  private final BitSet waiting = new BitSet();
  private final IntPredicate openPool;
  private final long latencyMs;
  private long lastWake = -1;
  private final KeptSlots kept;
  private final @Nullable GatePreemption preemption;
  private final IntPredicate optedIn;
  private final @Nullable GateUnschedule unschedule;
  private final @Nullable GateEviction eviction;

  /**
   * @param acting whether RunnerIQ is up and reaches GitLab at a time (ms since the trace's start);
   *     while it is not, only the floors start held jobs
   */
  GatePolicy(Simulation sim, Engine engine, GateModel model, LongPredicate acting) {
    this(sim, engine, model, acting, j -> true);
  }

  /**
   * @param optedIn the jobs whose project uses the CI template that holds them; the others are
   *     pending when ready, as without gate mode
   */
  GatePolicy(
      Simulation sim, Engine engine, GateModel model, LongPredicate acting, IntPredicate optedIn) {
    this.sim = sim;
    this.optedIn = optedIn;
    this.w = sim.world();
    this.model = model;
    this.rule = new ReleaseRule(model.beyondFree());
    this.acting = acting;
    this.gitlab = new GitLabOrder(sim, true, j -> false);
    this.analyzer = engine.analyzer();
    this.tiers = analyzer.policy().tiers();
    this.table = new RunnerTable(List.of(w.runners));
    this.assigner = engine.assigner(table);
    int n = w.jobCount();
    state = new byte[n];
    this.held = new Backlog(sim, analyzer, j -> state[j] != HELD);
    this.jobs = new EngineJobs(sim, false);
    this.kept = new KeptSlots(w, engine, assigner, jobs);
    playedAt = filled(n);
    queuedAt = filled(n);
    byFloor = new boolean[n];
    slots = new GateSlots(sim);
    openPool =
        s -> !waiting.get(s) && (slots.poolHasFree(s) || slots.beyond(s) < model.beyondFree());
    latencyMs = model.writeLatency().toMillis();
    var p = model.preemption();
    this.preemption = p == null ? null : new GatePreemption(this, sim, p);
    var u = model.unschedule();
    this.unschedule = u == null ? null : new GateUnschedule(this, sim, u, latencyMs, acting);
    this.eviction = model.evict() == 0 ? null : new GateEviction(this, sim, kept, model.evict());
    sim.decisions.putIfAbsent(PLAYED, 0L);
    sim.decisions.putIfAbsent(FLOOR, 0L);
  }

  /**
   * The gate with RunnerIQ up throughout, on {@code engine}: the same engine as {@code runneriq}.
   */
  static Policy.Factory factory(Engine engine, GateModel model) {
    return sim -> new GatePolicy(sim, engine, model, t -> true);
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, -1);
    return a;
  }

  @Override
  public void pending(int job, long now) {
    if (sim.runnerFault(job)) {
      // GitLab's automatic retry after its runner failed it: a new job, pending at once, not held
      if (preemption != null) {
        preemption.retried(job, now);
      }
      queue(job, now);
      return;
    }
    long floor = floorMs(job);
    if (preemption != null) {
      preemption.ready(job, now); // held or not: RunnerIQ sees every pending CRITICAL job
    }
    if (floor < 0) {
      queue(job, now);
      return;
    }
    state[job] = HELD;
    held.add(job);
    later(now + floor, FLOOR_ENDS, job);
    if (unschedule != null) {
      unschedule.held(job, now, now + floor);
    }
  }

  @Override
  public void finished(int job, int runner, long now) {
    if (sim.runnerFault(job)) {
      forgetStarted(); // before a retry makes it pending again, not started
    }
    gitlab.finished(job, runner, now);
  }

  @Override
  public void dispatch(long now) {
    while (!timers.isEmpty() && timers.peekTime() <= now) {
      int kind = timers.peekKind();
      int j = timers.peekArg();
      timers.poll();
      // each write acts on its own, in the order RunnerIQ sent them: GitLab places what it can
      due(kind, j, now);
      gitlab.dispatch(now);
    }
    gitlab.dispatch(now);
    if (acting.test(now)) {
      if (unschedule != null) {
        unschedule.playOverdue(now);
      }
      release(now);
      if (preemption != null) {
        preemption.look(now);
      }
      gitlab.dispatch(now); // what acted at once, without a write latency
      if (eviction != null) {
        eviction.look(now); // after every start of this moment
      }
    }
  }

  /** A timer of {@code kind} set for job {@code j} is due. */
  private void due(int kind, int j, long now) {
    if (unschedule != null && unschedule.due(kind, j, now)) {
      return;
    }
    if (kind == FLOOR_ENDS && (state[j] == HELD || state[j] == PLAYING)) {
      if (state[j] == HELD) {
        byFloor[j] = true;
        sim.decided(FLOOR);
      }
      queue(j, now);
    } else if (kind == PLAY_ACTS && state[j] == PLAYING) {
      queue(j, now);
    } else if (kind == CANCEL_ACTS && eviction != null && eviction.cancelled(j, now)) {
      return;
    } else if (kind == CANCEL_ACTS && preemption != null) {
      preemption.cancelled(j, now);
    } else if (kind == RETRY_ACTS) {
      // GitLab's newest job: RunnerIQ counts it among its pool's jobs waiting beyond free slots,
      // or the jobs it plays later, all older, would take every slot before it
      gitlab.retried(j);
      slots.promise(j, GateSlots.BEYOND);
      queue(j, now);
    }
  }

  /** RunnerIQ writes to GitLab ({@code kind}: a play, cancel or retry of {@code job}). */
  void write(int kind, int job, long now) {
    if (latencyMs == 0) {
      due(kind, job, now);
    } else {
      later(now + latencyMs, kind, job);
    }
  }

  /** A slot of {@code runner} freed without its job ending (a cancellation). */
  void freed(int job, int runner, long now) {
    gitlab.finished(job, runner, now);
  }

  /**
   * Plays a held job now, whatever its pool's room (preemption makes room for it; an unscheduled
   * job reached its ceiling).
   */
  void playAtOnce(int job, long now) {
    if (state[job] == HELD) {
      play(job, GateSlots.PREEMPTING, now);
    }
  }

  /** Sets a timer, and makes the simulation dispatch then. */
  void later(long t, int kind, int job) {
    timers.add(t, kind, job);
    if (t != lastWake) {
      sim.wakeAt(t);
      lastWake = t;
    }
  }

  /** {@code job} is pending in GitLab, for GitLab's dispatch to place. */
  private void queue(int job, long now) {
    boolean wasHeld = scheduled(job);
    state[job] = QUEUED;
    queuedAt[job] = now;
    gitlab.pending(job, now);
    if (wasHeld) {
      sim.released(job);
    }
  }

  /**
   * The job's floor in ms, or -1 when the template does not hold it: its project has not opted in,
   * its pipeline's source is not held, or its own rules already delay it or make it manual.
   */
  private long floorMs(int job) {
    return w.when[job] == World.DELAYED || w.when[job] == World.MANUAL || !optedIn.test(job)
        ? -1
        : model.floorMs(w.jobs[job].spec().pipeline().source());
  }

  /** Whether GitLab shows the job {@code when: delayed}: the template's or its own rules'. */
  boolean delayed(int job) {
    return w.when[job] == World.DELAYED || floorMs(job) >= 0;
  }

  /**
   * Whether GitLab shows the job {@code scheduled}: held, or played with the play not yet acted.
   */
  boolean scheduled(int job) {
    return state[job] == HELD || state[job] == PLAYING;
  }

  /** Someone outside the run played a held job (GitLab's play): it is pending at once. */
  void playedFromOutside(int job, long now) {
    if (scheduled(job)) {
      queue(job, now);
    }
  }

  /** A held job was cancelled: neither a play nor its floor starts it. */
  void canceledWhileHeld(int job) {
    if (scheduled(job)) {
      state[job] = CANCELED;
    }
  }

  /** GitLab's dispatch, for writes from outside the run. */
  GitLabOrder gitlab() {
    return gitlab;
  }

  /** Plays held jobs, highest priority first, while their pools have room. */
  private void release(long now) {
    forgetStarted();
    slots.syncTable(table);
    var at = jobs.at(now);
    var stash = new ArrayList<Integer>();
    waiting.clear();
    while (true) {
      int best = held.take(now, openPool);
      if (best < 0) {
        break;
      }
      int score = held.bestScore();
      int s = w.signature[best];
      Assignment a;
      try {
        a = assign(best, score, at);
      } catch (RuntimeException e) {
        // the engine failed: the held jobs are left to their floors for this dispatch
        stash.add(best);
        sim.decided(DecidedBy.FIFO_FALLBACK.wire());
        break;
      }
      int job = best;
      var release =
          rule.release(a.action(), slots.poolHasFree(s), slots.beyond(s), () -> kept.from(job));
      if (release == Release.PLAY) {
        play(best, a.runnerIndex(), now);
      } else if (release == Release.PLAY_BEYOND) {
        play(best, GateSlots.BEYOND, now);
      } else {
        // kept for rarer work, or unplaceable: held until a slot frees or its floor ends
        stash.add(best);
        if (w.signatures.sameTags(s)) {
          waiting.set(s);
        }
      }
    }
    stash.forEach(held::add);
  }

  /** The slots promised to played jobs that have started are free of their promise. */
  private void forgetStarted() {
    slots.forgetStarted(
        j -> {
          if (unschedule != null && sim.startAt[j] >= 0) {
            unschedule.started(j, sim.startAt[j]);
          }
        });
  }

  private Assignment assign(int job, int score, Instant at) {
    var spec = jobs.of(job);
    return assigner.assign(spec, tiers.of(score), () -> analyzer.score(spec, at), Grid.NONE, at);
  }

  /**
   * RunnerIQ plays {@code job}.
   *
   * @param hold the runner whose slot the engine gave it, {@link GateSlots#BEYOND} or {@link
   *     GateSlots#PREEMPTING}
   */
  private void play(int job, int hold, long now) {
    state[job] = PLAYING;
    playedAt[job] = now;
    slots.promise(job, hold);
    jobs.forget(job);
    sim.decided(PLAYED);
    write(PLAY_ACTS, job, now);
  }

  /** Whether RunnerIQ holds the job: ready, not played, not started by its floor. */
  boolean held(int job) {
    return state[job] == HELD;
  }

  /** Whether RunnerIQ played the job and the play has not yet acted. */
  boolean playing(int job) {
    return state[job] == PLAYING;
  }

  /** When RunnerIQ played the job (ms since the trace's start), or -1. */
  long playedAt(int job) {
    return playedAt[job];
  }

  /** When the job became pending in GitLab, or -1 while held or never ready. */
  long queuedAt(int job) {
    return queuedAt[job];
  }

  /** Whether RunnerIQ turned the job manual before its floor ({@link GateUnschedule}). */
  boolean unscheduled(int job) {
    return unschedule != null && unschedule.manual(job);
  }

  /** Whether the job's floor, not RunnerIQ, started it. */
  boolean byFloor(int job) {
    return byFloor[job];
  }

  /** How many times RunnerIQ evicted the job ({@link GateEviction}). */
  int evicted(int job) {
    return eviction == null ? 0 : eviction.evicted(job);
  }

  /** The pool's played jobs still pending beyond its free slots, now. */
  int beyond(int signature) {
    return slots.beyond(signature);
  }
}
