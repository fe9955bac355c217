package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import java.util.Arrays;

/**
 * The runners that may take one kind of job now, ranked, and kept from one placement to the next:
 * jobs that pass the same runners through the filters that do not read load, agree on what the
 * filters that do read, and have the same tier get the same feasible runners, scores and candidates
 * on the same runners. Between two placements of such jobs only the runners whose load changed are
 * looked at again; the whole kind is ranked again only when what every score rests on changes (the
 * range of a scorer that normalizes against the best feasible runner, or which scorers weigh).
 *
 * <p>What is kept:
 *
 * <ul>
 *   <li>the feasible runners, and per load-reading filter the runners it rejects (its count and
 *       first runner make the rejection histogram);
 *   <li>per scorer, how many feasible runners it knows a value for, the range of those values and
 *       how many runners stand at either end of it (the range moves only when the last one goes);
 *   <li>the <em>frontier</em>: the best feasible runners by total, in rank order (total desc, then
 *       runner id), every other feasible runner ranking no better than the best of them left out,
 *       the <em>threshold</em>. A runner whose load goes up only loses free capacity, so its total
 *       does not rise; one that falls to the threshold leaves the frontier and becomes it.
 * </ul>
 *
 * <p>The candidates are the frontier read in rank order, a runner left out when a better candidate
 * already taken is its twin ({@link TossUps}), until {@link Placement#TOP} are taken: the best of
 * each set of interchangeable runners, whatever the runners' order in the fleet. When the frontier
 * runs out first while runners rank below it, it is rebuilt four times as large.
 *
 * <p>Not thread-safe; belongs to one {@link Placement}.
 */
final class Ranking {
  private final Placement placement;
  private final RunnerScores scores;
  private final long[] alive;
  private final Tier tier;
  private final boolean kept;

  private final long[] feasible;
  private final long[][] rejected;
  private final long[] clears;
  private final int[] rejectCount;
  private int busyCount;
  private int feasibleCount;

  private final int[] known;
  private final double[] min;
  private final double[] max;
  private final int[] atMin;
  private final int[] atMax;
  private final int[] weights;
  private int weightSum;

  private final Frontier frontier;

  private long epoch = -1;
  private int seen;

  /**
   * @param alive the runners past the filters that do not read load (kept, not copied)
   * @param kept whether it is kept between placements: false for a placement that scores per job
   */
  Ranking(Placement placement, long[] alive, Tier tier, boolean kept) {
    this.placement = placement;
    this.scores = placement.scores();
    this.alive = alive;
    this.tier = tier;
    this.kept = kept;
    this.feasible = new long[alive.length];
    this.rejected = new long[placement.transientCount()][alive.length];
    this.clears = new long[alive.length];
    this.rejectCount = new int[placement.transientCount()];
    int scorers = scores.count();
    this.known = new int[scorers];
    this.min = new double[scorers];
    this.max = new double[scorers];
    this.atMin = new int[scorers];
    this.atMax = new int[scorers];
    this.weights = new int[scorers];
    this.frontier = new Frontier(placement, alive.length, placement.frontier());
  }

  /** Brings this ranking up to the runners' current loads, for {@code job} of its kind. */
  void update(PendingJob job) {
    if (!kept || epoch != placement.epoch()) {
      build(job);
    } else {
      catchUp(job);
    }
    seen = placement.changes();
    epoch = placement.epoch();
  }

  int feasibleCount() {
    return feasibleCount;
  }

  /** Rejections that clear by themselves: runners that could take the job once a slot frees. */
  int busyCount() {
    return busyCount;
  }

  /** Runners the {@code f}th load-reading filter rejects. */
  int rejectCount(int f) {
    return rejectCount[f];
  }

  /** The first runner the {@code f}th load-reading filter rejects, or -1. */
  int firstRejected(int f) {
    return Bits.first(rejected[f]);
  }

  /** The scorers' weights for this kind of job: 0 for a scorer that knows no feasible runner. */
  int[] weights() {
    return weights.clone();
  }

  double min(int s) {
    return min[s];
  }

  double max(int s) {
    return max[s];
  }

  /**
   * The best feasible runners, best first, one per set of twins, at most {@code top.length}; their
   * totals into {@code totals}. Returns how many.
   */
  int best(int[] top, double[] totals) {
    while (true) {
      int taken = 0;
      for (int m = 0; m < frontier.size() && taken < top.length; m++) {
        int i = frontier.member(m);
        boolean twin = false;
        for (int t = 0; t < taken && !twin; t++) {
          twin = scores.twins(top[t], i);
        }
        if (!twin) {
          top[taken] = i;
          totals[taken++] = frontier.total(m);
        }
      }
      if (taken == top.length || !frontier.bounded()) {
        return taken;
      }
      rank(true);
    }
  }

  private void build(PendingJob job) {
    Arrays.fill(feasible, 0);
    Arrays.fill(clears, 0);
    for (var r : rejected) {
      Arrays.fill(r, 0);
    }
    Arrays.fill(rejectCount, 0);
    busyCount = 0;
    feasibleCount = 0;
    for (int w = 0; w < alive.length; w++) {
      for (long bits = alive[w]; bits != 0; bits &= bits - 1) {
        int i = w * 64 + Long.numberOfTrailingZeros(bits);
        mark(i, placement.verdict(job, i));
      }
    }
    if (!kept) {
      scores.scoreForJob(feasible);
    }
    rangeAndRank();
  }

  /** Looks again at the runners whose load changed since the last placement of this kind. */
  private void catchUp(PendingJob job) {
    boolean stale = false;
    for (int k = seen, end = placement.changes(); k < end; k++) {
      int i = placement.changedAt(k);
      if (!Bits.has(alive, i)) {
        continue;
      }
      boolean was = Bits.has(feasible, i);
      int before = was ? -1 : codeOf(i);
      int now = placement.verdict(job, i);
      if (was && now < 0) {
        if (!stale) {
          frontier.update(i, total(i));
        }
        continue;
      }
      if (before == now) {
        continue;
      }
      if (was) {
        stale |= leave(i);
      } else {
        unmark(i, before);
      }
      mark(i, now);
      if (now < 0) {
        stale |= enter(i, stale);
      }
    }
    if (stale || !sameWeights()) {
      rangeAndRank();
    }
  }

  /** The scorers' ranges and weights over the feasible runners, then the frontier. */
  private void rangeAndRank() {
    Arrays.fill(known, 0);
    Arrays.fill(min, Double.NaN);
    Arrays.fill(max, Double.NaN);
    for (int w = 0; w < feasible.length; w++) {
      for (long bits = feasible[w]; bits != 0; bits &= bits - 1) {
        int i = w * 64 + Long.numberOfTrailingZeros(bits);
        for (int s = 0; s < known.length; s++) {
          double v = scores.raw(s, i);
          if (!Double.isNaN(v)) {
            known[s]++;
            if (scores.usesRange(s)) {
              widen(s, v);
            }
          }
        }
      }
    }
    sameWeights();
    rank(false);
  }

  /** Takes {@code v} into scorer {@code s}'s range, counting the runners at either end. */
  private void widen(int s, double v) {
    int low = Double.isNaN(min[s]) ? -1 : Double.compare(v, min[s]);
    if (low < 0) {
      min[s] = v;
      atMin[s] = 1;
    } else if (low == 0) {
      atMin[s]++;
    }
    int high = Double.isNaN(max[s]) ? 1 : Double.compare(v, max[s]);
    if (high > 0) {
      max[s] = v;
      atMax[s] = 1;
    } else if (high == 0) {
      atMax[s]++;
    }
  }

  /** Sets the weights from what the scorers know; false when they changed. */
  private boolean sameWeights() {
    boolean same = true;
    int sum = 0;
    for (int s = 0; s < weights.length; s++) {
      int w = known[s] == 0 ? 0 : scores.weight(s, tier);
      same &= w == weights[s];
      weights[s] = w;
      sum += w;
    }
    weightSum = sum;
    return same;
  }

  /** The frontier afresh, four times as large when {@code grow}. */
  private void rank(boolean grow) {
    frontier.clear(grow);
    for (int w = 0; w < feasible.length; w++) {
      for (long bits = feasible[w]; bits != 0; bits &= bits - 1) {
        int i = w * 64 + Long.numberOfTrailingZeros(bits);
        frontier.offer(i, total(i));
      }
    }
  }

  /** A runner no longer feasible; true when the scorers' ranges may change with it. */
  private boolean leave(int i) {
    frontier.drop(i);
    feasibleCount--;
    Bits.clear(feasible, i);
    boolean ranges = false;
    for (int s = 0; s < known.length; s++) {
      double v = scores.raw(s, i);
      if (!Double.isNaN(v)) {
        known[s]--;
        if (scores.usesRange(s)) {
          ranges |= Double.compare(v, min[s]) == 0 && --atMin[s] == 0;
          ranges |= Double.compare(v, max[s]) == 0 && --atMax[s] == 0;
        }
      }
    }
    return ranges;
  }

  /** A runner feasible again; true when the scorers' ranges change with it. */
  private boolean enter(int i, boolean stale) {
    boolean ranges = false;
    for (int s = 0; s < known.length; s++) {
      double v = scores.raw(s, i);
      if (!Double.isNaN(v)) {
        if (scores.usesRange(s)) {
          ranges |= known[s] == 0 || Double.compare(v, min[s]) < 0 || Double.compare(v, max[s]) > 0;
          atMin[s] += Double.compare(v, min[s]) == 0 ? 1 : 0;
          atMax[s] += Double.compare(v, max[s]) == 0 ? 1 : 0;
        }
        known[s]++;
      }
    }
    if (!ranges && !stale) {
      frontier.update(i, total(i));
    }
    return ranges;
  }

  private double total(int i) {
    double sum = 0;
    for (int s = 0; s < weights.length; s++) {
      if (weights[s] != 0) {
        sum += weights[s] * scores.normalized(s, i, min[s], max[s]);
      }
    }
    return weightSum == 0 ? 0 : sum / weightSum;
  }

  /** Records runner {@code i}'s verdict: -1 feasible, else a filter and whether it clears. */
  private void mark(int i, int code) {
    if (code < 0) {
      Bits.set(feasible, i);
      feasibleCount++;
      return;
    }
    Bits.set(rejected[code >> 1], i);
    rejectCount[code >> 1]++;
    if ((code & 1) != 0) {
      Bits.set(clears, i);
      busyCount++;
    }
  }

  private void unmark(int i, int code) {
    Bits.clear(rejected[code >> 1], i);
    rejectCount[code >> 1]--;
    if ((code & 1) != 0) {
      Bits.clear(clears, i);
      busyCount--;
    }
  }

  /** The verdict recorded for a rejected runner {@code i}. */
  private int codeOf(int i) {
    for (int f = 0; f < rejected.length; f++) {
      if (Bits.has(rejected[f], i)) {
        return f << 1 | (Bits.has(clears, i) ? 1 : 0);
      }
    }
    throw new IllegalStateException("runner at " + i + " is neither feasible nor rejected");
  }
}
