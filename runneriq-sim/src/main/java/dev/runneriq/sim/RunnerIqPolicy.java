package dev.runneriq.sim;

import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.engine.Assigner;
import dev.runneriq.core.engine.Assignment;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.core.priority.PriorityPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
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
 * <p>Pending jobs are held per signature and per base score: within one bucket the oldest job has
 * the highest aged score, so the best pending job is among a few bucket heads.
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
  private final Buckets[] buckets;
  private final BitSet waiting = new BitSet();
  private final long startMs;

  /** Each pending job as the engine sees it, made when it becomes pending; dropped once started. */
  private final @Nullable PendingJob[] specs;

  private final boolean clairvoyant;

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
    this.sim = sim;
    this.clairvoyant = clairvoyant;
    this.carbon = carbon;
    this.w = sim.world();
    this.engine = engine;
    this.analyzer = engine.analyzer();
    this.tiers = analyzer.policy().tiers();
    this.table = new RunnerTable(List.of(w.runners));
    this.assigner = engine.assigner(table);
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int b : w.baseScore) {
      min = Math.min(min, b);
      max = Math.max(max, b);
    }
    buckets = new Buckets[w.signatures.count()];
    for (int s = 0; s < buckets.length; s++) {
      buckets[s] = new Buckets(min, Math.max(min, max), sim);
    }
    startMs = w.start.toEpochMilli();
    specs = new PendingJob[w.jobCount()];
  }

  @Override
  public void pending(int job, long now) {
    buckets[w.signature[job]].add(job, w.baseScore[job]);
  }

  @Override
  public void finished(int job, int runner, long now) {
    table.set(runner, table.get(runner).withRunning(sim.running(runner)));
  }

  @Override
  public void dispatch(long now) {
    var c = carbon;
    if (c != null) {
      c.release(now, j -> buckets[w.signature[j]].add(j, w.baseScore[j]));
    }
    if (sim.freeRunners().isEmpty()) {
      return;
    }
    Grid grid = c == null ? Grid.NONE : c.at(now);
    var at = Instant.ofEpochMilli(startMs + now);
    var stash = new ArrayList<Integer>();
    // signatures whose jobs all wait now: the free runners they may use are all taken or kept
    waiting.clear();
    while (true) {
      int best = -1;
      int bestScore = -1;
      for (int s = 0; s < buckets.length; s++) {
        var b = buckets[s];
        if (b.size > 0
            && !waiting.get(s)
            && w.signatures.runners(s).intersects(sim.freeRunners())) {
          int j = b.best(analyzer, now);
          if (j >= 0 && better(b.bestScore, j, bestScore, best)) {
            best = j;
            bestScore = b.bestScore;
          }
        }
      }
      if (best < 0) {
        break;
      }
      buckets[w.signature[best]].remove(best, w.baseScore[best]);
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
    for (int j : stash) {
      buckets[w.signature[j]].add(j, w.baseScore[j]);
    }
  }

  /** The engine's step for one job: its priority is built in words only if a model asks. */
  private Assignment assign(int job, int score, Grid grid, Instant at) {
    var spec = pendingJob(job);
    Supplier<Priority> words = () -> analyzer.score(spec, at);
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
    specs[job] = null;
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
    for (var b : buckets) {
      b.drainTo(queued);
    }
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
        specs[j] = null;
        table.set(runner, table.get(runner).withRunning(sim.running(runner)));
      } else {
        buckets[w.signature[j]].add(j, w.baseScore[j]);
      }
    }
  }

  private boolean better(int score, int job, int bestScore, int best) {
    if (best < 0 || score != bestScore) {
      return best < 0 || score > bestScore;
    }
    long a = sim.pendingSince(job);
    long b = sim.pendingSince(best);
    return a != b ? a < b : job < best;
  }

  /** The carbon half, for tests. */
  @Nullable CarbonDeferrals carbon() {
    return carbon;
  }

  /** The assigner's view of the fleet, for tests. */
  Assigner assigner() {
    return assigner;
  }

  /** {@code job} as the engine sees it: pending since it became pending here. */
  PendingJob pendingJob(int job) {
    var known = specs[job];
    if (known != null) {
      return known;
    }
    var made = makeSpec(job);
    specs[job] = made;
    return made;
  }

  private PendingJob makeSpec(int job) {
    var s = w.jobs[job].spec();
    return new PendingJob(
        s.id(),
        s.name(),
        s.stage(),
        s.tagList(),
        Instant.ofEpochMilli(startMs + sim.pendingSince(job)),
        s.timeoutS(),
        s.environment(),
        s.variables(),
        s.pipeline(),
        clairvoyant ? trueRun(s.history(), w.durationMs[job]) : s.history(),
        s.interruptible());
  }

  private static JobHistory trueRun(@Nullable JobHistory h, long durationMs) {
    return new JobHistory(
        h == null ? 1 : Math.max(1, h.runs()),
        durationMs / 1000.0,
        h == null ? 0 : h.failureRate());
  }

  /** Pending jobs of one signature, one heap per base score, oldest pending first. */
  private static final class Buckets {
    private final int min;
    private final IntHeap[] heaps;
    private final long[] nonEmpty;
    private final Simulation sim;
    int size;
    int bestScore;

    Buckets(int min, int max, Simulation sim) {
      this.min = min;
      this.sim = sim;
      heaps = new IntHeap[max - min + 1];
      IntHeap.Order older =
          (a, b) -> {
            long pa = sim.pendingSince(a);
            long pb = sim.pendingSince(b);
            return pa < pb || (pa == pb && a < b);
          };
      for (int i = 0; i < heaps.length; i++) {
        heaps[i] = new IntHeap(older);
      }
      nonEmpty = new long[(heaps.length + 63) / 64];
    }

    void add(int job, int base) {
      int i = base - min;
      heaps[i].add(job);
      nonEmpty[i >>> 6] |= 1L << i;
      size++;
    }

    void remove(int job, int base) {
      int i = base - min;
      int head = heaps[i].poll();
      if (head != job) {
        throw new IllegalStateException("bucket out of order");
      }
      if (heaps[i].isEmpty()) {
        nonEmpty[i >>> 6] &= ~(1L << i);
      }
      size--;
    }

    /** Moves every job here to {@code out}. */
    void drainTo(List<Integer> out) {
      for (var h : heaps) {
        while (!h.isEmpty()) {
          out.add(h.poll());
        }
      }
      java.util.Arrays.fill(nonEmpty, 0);
      size = 0;
    }

    /** The best job here at {@code now} (its score in {@link #bestScore}), or -1. */
    int best(Analyzer analyzer, long now) {
      int best = -1;
      long bestSince = 0;
      for (int word = 0; word < nonEmpty.length; word++) {
        long bits = nonEmpty[word];
        while (bits != 0) {
          int i = word * 64 + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          int j = heaps[i].peek();
          long since = sim.pendingSince(j);
          int score = analyzer.agedScore(i + min, now - since);
          if (best < 0
              || score > bestScore
              || (score == bestScore && (since < bestSince || (since == bestSince && j < best)))) {
            best = j;
            bestScore = score;
            bestSince = since;
          }
        }
      }
      return best;
    }
  }
}
