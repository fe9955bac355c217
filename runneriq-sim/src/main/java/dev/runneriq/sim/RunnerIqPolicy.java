package dev.runneriq.sim;

import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.engine.Assigner;
import dev.runneriq.core.engine.Assignment;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.core.priority.PriorityPolicy;
import dev.runneriq.optimizer.Honesty;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.optimizer.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * RunnerIQ's engine at every dispatch opportunity: pending jobs are taken highest priority first
 * (the analyzer's score with aging; ties by pending time, then job id, as the engine orders them)
 * and each goes through the engine's own per-job step, its {@link Assigner}, on a table of the
 * fleet's runners: the same filters, reservation, scorers, toss-up detection, tie-breaker and
 * deferral as every other path that decides. If the step throws, the rest of that dispatch follows
 * GitLab's own order (oldest job first, first free runner by id), as the engine's FIFO floor does
 * for a cycle.
 *
 * <p>With {@link CarbonDeferrals} ({@code runneriq-carbon}, {@code oracle-carbon}, {@code
 * carbon-placement}) the step also sees the grid: the intensity of each zone now (the carbon
 * scorer, weighted by tier) and a forecast for the deferral; a job it holds leaves the queue until
 * the hold ends, counted once as {@code deferred}.
 *
 * <p>Pending jobs are held in a {@link Backlog}, per signature and per base score.
 */
final class RunnerIqPolicy implements Policy {
  private final Simulation sim;
  private final World w;
  private final Engine engine;
  private final Analyzer analyzer;
  private final PriorityPolicy.Tiers tiers;
  private final Assigner assigner;
  private final RunnerTable table;
  private final @Nullable CarbonDeferrals carbon;
  private final Backlog backlog;
  private final BitSet waiting = new BitSet();
  private final EngineJobs jobs;
  private final @Nullable Learner learner;
  private final @Nullable Honesty honesty;
  private Calibration calibration = Calibration.NONE;
  private int seenSinceCalibration;

  /** Pending jobs seen between two recomputations of the calibration. */
  static final int CALIBRATE_EVERY = 50;

  /** Counters of the sim-result's decisions: placements, and those that were toss-ups. */
  static final String PLACEMENTS = "placements";

  static final String TOSS_UPS = "toss_ups";

  RunnerIqPolicy(Simulation sim, Engine engine) {
    this(sim, engine, null, false);
  }

  /**
   * @param clairvoyant the engine is told each job's true run time, as its history's median (for
   *     the oracle: no estimate error in when a held job would run)
   */
  RunnerIqPolicy(
      Simulation sim, Engine engine, @Nullable CarbonDeferrals carbon, boolean clairvoyant) {
    this(sim, engine, carbon, clairvoyant, null);
  }

  /**
   * @param learner learns from each run that ends here (the Optimizer, as the service runs it): the
   *     runner's health and speed go into the assigner's table as each run ends, and a job's
   *     learned history into the job as the engine first sees it; null learns nothing
   */
  RunnerIqPolicy(
      Simulation sim,
      Engine engine,
      @Nullable CarbonDeferrals carbon,
      boolean clairvoyant,
      @Nullable Learner learner) {
    this(sim, engine, carbon, clairvoyant, learner, null);
  }

  /**
   * @param honesty sees each job that becomes pending and damps the projects whose claims stand out
   *     (the Optimizer's calibration, recomputed every {@link #CALIBRATE_EVERY} jobs): a job joins
   *     the queue with its project's calibration then; null damps nothing
   */
  RunnerIqPolicy(
      Simulation sim,
      Engine engine,
      @Nullable CarbonDeferrals carbon,
      boolean clairvoyant,
      @Nullable Learner learner,
      @Nullable Honesty honesty) {
    this.sim = sim;
    this.learner = learner;
    this.honesty = honesty;
    this.carbon = carbon;
    this.w = sim.world();
    this.engine = engine;
    this.analyzer = engine.analyzer();
    this.tiers = analyzer.policy().tiers();
    this.table = new RunnerTable(List.of(w.runners));
    this.assigner = engine.assigner(table);
    this.backlog =
        new Backlog(
            sim,
            analyzer,
            j -> false,
            honesty == null ? null : j -> pointsOf(w.jobs[j].spec().project()));
    this.jobs = new EngineJobs(sim, clairvoyant, learner);
  }

  @Override
  public void pending(int job, long now) {
    var h = honesty;
    if (h != null) {
      var at = jobs.at(now);
      h.observe(pendingJob(job), w.tierOf(job), at);
      if (++seenSinceCalibration >= CALIBRATE_EVERY) {
        seenSinceCalibration = 0;
        calibration = h.calibration(at);
      }
    }
    backlog.add(job);
  }

  private int pointsOf(String project) {
    var a = calibration.of(project);
    return a == null ? 0 : a.points();
  }

  @Override
  public void finished(int job, int runner, long now) {
    var r = table.get(runner).withRunning(sim.running(runner));
    var l = learner;
    if (l != null) {
      var at = jobs.at(now);
      l.observe(run(job, runner, at));
      r = r.withStats(l.runner(r.id(), at));
    }
    table.set(runner, r);
  }

  /** The run of {@code job} that just ended on {@code runner}, as GitLab would report it. */
  private Run run(int job, int runner, Instant at) {
    var spec = w.jobs[job].spec();
    boolean fault = sim.runnerFault(job);
    boolean failed = fault || w.fails[job];
    return new Run(
        spec.pipeline().project(),
        spec.name(),
        w.runners[runner].id(),
        failed ? Run.FAILED : Run.SUCCESS,
        fault ? "runner_system_failure" : failed ? "script_failure" : null,
        sim.lastRunMs(job) / 1000.0,
        w.runners[runner].speed(),
        at);
  }

  @Override
  public void dispatch(long now) {
    var c = carbon;
    if (c != null) {
      c.release(now, backlog::add);
    }
    if (sim.freeRunners().isEmpty()) {
      return;
    }
    Grid grid = c == null ? Grid.NONE : c.at(now);
    var at = jobs.at(now);
    var stash = new ArrayList<Integer>();
    // signatures whose jobs all wait now: the free runners they may use are all taken or kept
    waiting.clear();
    IntPredicate open =
        s -> !waiting.get(s) && w.signatures.runners(s).intersects(sim.freeRunners());
    while (true) {
      int best = backlog.take(now, open);
      if (best < 0) {
        break;
      }
      int bestScore = backlog.bestScore();
      Assignment a;
      try {
        a = assign(best, bestScore, grid, at);
      } catch (RuntimeException e) {
        stash.add(best);
        fallback(stash);
        return;
      }
      switch (a.action()) {
        case ASSIGN -> start(best, a);
        case DEFER -> hold(best, Objects.requireNonNull(a.deferUntil(), "defer until"));
        default -> {
          stash.add(best);
          // no slot frees within a dispatch: the same jobs get the same answer until it ends
          if (a.action() == Action.WAIT && w.signatures.sameTags(w.signature[best])) {
            waiting.set(w.signature[best]);
          }
        }
      }
    }
    stash.forEach(backlog::add);
  }

  /** The engine's step for one job: its priority is built in words only if a model asks. */
  private Assignment assign(int job, int score, Grid grid, Instant at) {
    var spec = pendingJob(job);
    var c = calibration;
    Supplier<Priority> words = () -> analyzer.score(spec, at, c);
    return assigner.assign(spec, tiers.of(score), words, grid, at);
  }

  private void start(int job, Assignment a) {
    int runner = a.runnerIndex();
    if (!sim.freeRunners().get(runner)) {
      throw new IllegalStateException(
          "the engine chose runner " + w.runners[runner].id() + ", which has no free slot");
    }
    sim.decided(a.decidedBy().wire());
    if (a.tossUp()) {
      sim.decided(TOSS_UPS);
    }
    sim.decided(PLACEMENTS);
    sim.start(job, runner);
    jobs.forget(job);
  }

  private void hold(int job, Instant until) {
    var c = Objects.requireNonNull(carbon, "a deferral without a grid");
    if (!c.wasDeferred(job)) {
      sim.decided("deferred");
    }
    sim.wakeAt(c.hold(job, until));
  }

  /**
   * The floor for the rest of a dispatch whose engine step threw: every queued job (and those set
   * aside this dispatch), oldest first, to the first runner by id that may take it now.
   */
  private void fallback(List<Integer> stash) {
    var queued = new ArrayList<>(stash);
    backlog.drainTo(queued);
    queued.sort(
        (a, b) -> {
          long pa = sim.pendingSince(a);
          long pb = sim.pendingSince(b);
          return pa != pb ? Long.compare(pa, pb) : Integer.compare(a, b);
        });
    for (int j : queued) {
      int runner = sim.freeRunners().isEmpty() ? -1 : engine.fallbackRunner(pendingJob(j), table);
      if (runner >= 0) {
        sim.decided(DecidedBy.FIFO_FALLBACK.wire());
        sim.start(j, runner);
        jobs.forget(j);
        table.set(runner, table.get(runner).withRunning(sim.running(runner)));
      } else {
        backlog.add(j);
      }
    }
  }

  /** The carbon half, for tests. */
  @Nullable CarbonDeferrals carbon() {
    return carbon;
  }

  /** The calibration now; {@link Calibration#NONE} when it keeps no watch on claims. For tests. */
  Calibration calibration() {
    return calibration;
  }

  /** What this policy learned from its runs; null when it does not learn. For tests. */
  @Nullable Learner learner() {
    return learner;
  }

  /** The assigner's view of the fleet, for tests. */
  Assigner assigner() {
    return assigner;
  }

  /** {@code job} as the engine sees it: pending since it became pending here. */
  PendingJob pendingJob(int job) {
    return jobs.of(job);
  }
}
