package dev.runneriq.sim;

import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.TieBreaker;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Placement;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.ScoringInputs;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.PriorityPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RunnerIQ's engine at every dispatch opportunity: pending jobs are taken highest priority first
 * (the analyzer's score with aging; ties by pending time, then job id, as in {@link Engine}) and
 * each is placed by the engine's placement pipeline onto the runners that have a free slot. If the
 * engine throws, that one step falls back to GitLab's rule: the first free runner by id that may
 * take the job.
 *
 * <p>With {@link CarbonDeferrals} ({@code runneriq-carbon}, {@code oracle-carbon}) the placement
 * also sees the intensity of each zone now (the carbon scorer, weighted by tier), and the core's
 * deferral is asked about each placeable job: a job it holds leaves the queue until the hold ends
 * (never past its tier's maximum delay), counted once as {@code deferred}.
 *
 * <p>Pending jobs are held per signature and per base score: within one bucket the oldest job has
 * the highest aged score, so the best pending job is among a few bucket heads.
 */
final class RunnerIqPolicy implements Policy {
  private final Simulation sim;
  private final World w;
  private final Analyzer analyzer;
  private final PriorityPolicy.Tiers tiers;
  private final Placement placement;
  private final TieBreaker tieBreaker;
  private final double defaultSuccessRate;
  private final @Nullable CarbonDeferrals carbon;
  private ScoringInputs inputs;
  private final Buckets[] buckets;
  private final Runner[] live;
  private final Map<Long, Integer> runnerIndex = new HashMap<>();
  private final long startMs;

  private static final int PLACED = 0;
  private static final int NO_RUNNER = 1;
  private static final int HELD = 2;

  RunnerIqPolicy(Simulation sim, Engine engine) {
    this(sim, engine, null);
  }

  RunnerIqPolicy(Simulation sim, Engine engine, @Nullable CarbonDeferrals carbon) {
    this.sim = sim;
    this.carbon = carbon;
    this.w = sim.world();
    this.analyzer = engine.analyzer();
    this.tiers = analyzer.policy().tiers();
    this.placement = engine.newPlacement();
    this.tieBreaker = TieBreaker.RULE_ORDER;
    this.defaultSuccessRate = engine.config().placement().defaultSuccessRate();
    this.inputs = new ScoringInputs(Map.of(), defaultSuccessRate);
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
    live = w.runners.clone();
    for (int r = 0; r < live.length; r++) {
      runnerIndex.put(live[r].id(), r);
    }
    startMs = w.start.toEpochMilli();
  }

  @Override
  public void pending(int job, long now) {
    buckets[w.signature[job]].add(job, w.baseScore[job]);
  }

  @Override
  public void finished(int job, int runner, long now) {
    live[runner] = live[runner].withRunning(sim.running(runner));
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
    if (c != null) {
      inputs = new ScoringInputs(c.intensityNow(now), defaultSuccessRate);
    }
    var stash = new ArrayList<Integer>();
    while (true) {
      int best = -1;
      int bestScore = -1;
      for (int s = 0; s < buckets.length; s++) {
        var b = buckets[s];
        if (b.size > 0 && w.signatures.runners(s).intersects(sim.freeRunners())) {
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
      if (place(best, bestScore, now) == NO_RUNNER) {
        stash.add(best);
      }
    }
    for (int j : stash) {
      buckets[w.signature[j]].add(j, w.baseScore[j]);
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

  /** Places or holds {@code job}: {@link #PLACED}, {@link #NO_RUNNER} or {@link #HELD}. */
  private int place(int job, int score, long now) {
    // the free runners GitLab's rules let take this job: the others would only be filtered out
    var free = new ArrayList<Runner>();
    var bits = sim.freeRunners();
    var may = w.signatures.runners(w.signature[job]);
    for (int r = bits.nextSetBit(0); r >= 0; r = bits.nextSetBit(r + 1)) {
      if (may.get(r)) {
        free.add(live[r]);
      }
    }
    var spec = pendingJob(job, now);
    int runner;
    try {
      var result = placement.place(spec, tiers.of(score), free, inputs);
      if (result.outcome() != PlacementResult.Outcome.PLACEABLE) {
        return NO_RUNNER;
      }
      var c = carbon;
      if (c != null) {
        boolean before = c.wasDeferred(job);
        long until = c.advise(job, spec, tiers.of(score), now, result);
        if (until >= 0) {
          if (!before) {
            sim.decided("deferred");
          }
          sim.wakeAt(until);
          return HELD;
        }
      }
      long chosen = result.candidates().get(0).runnerId();
      String by = DecidedBy.RULES.wire();
      if (result.nearTies() >= 2) {
        var p = analyzer.score(spec, spec.pendingSince().plusMillis(now - sim.pendingSince(job)));
        chosen = tieBreaker.choose(spec, p, result.nearTieCandidates()).runnerId();
        by = DecidedBy.TIE_BREAK.wire();
      }
      runner = runnerIndex.getOrDefault(chosen, -1);
      if (runner < 0 || !bits.get(runner)) {
        throw new IllegalStateException("chose runner " + chosen + ", which has no free slot");
      }
      sim.decided(by);
    } catch (RuntimeException e) {
      runner = fallback(job, free);
      if (runner < 0) {
        return NO_RUNNER;
      }
      sim.decided(DecidedBy.FIFO_FALLBACK.wire());
    }
    sim.start(job, runner);
    live[runner] = live[runner].withRunning(sim.running(runner));
    return PLACED;
  }

  /** The carbon half, for tests. */
  @Nullable CarbonDeferrals carbon() {
    return carbon;
  }

  /** GitLab's rule for one step: the first free runner by id that may take the job. */
  private int fallback(int job, List<Runner> free) {
    var may = w.signatures.runners(w.signature[job]);
    int best = -1;
    for (var r : free) {
      int i = runnerIndex.getOrDefault(r.id(), -1);
      if (i >= 0 && may.get(i) && (best < 0 || r.id() < live[best].id())) {
        best = i;
      }
    }
    return best;
  }

  private PendingJob pendingJob(int job, long now) {
    var s = w.jobs[job].spec();
    return new PendingJob(
        s.id(),
        s.name(),
        s.stage(),
        s.tagList(),
        java.time.Instant.ofEpochMilli(startMs + sim.pendingSince(job)),
        s.timeoutS(),
        s.environment(),
        s.variables(),
        s.pipeline(),
        s.history(),
        s.interruptible());
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
