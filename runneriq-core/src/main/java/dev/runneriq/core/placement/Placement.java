package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The placement pipeline for one job: filter every runner (first rejecting filter names the
 * reason), score the feasible ones in the scorers' units, normalize to 0–100 with a range check,
 * weight by the table in {@link PlacementConfig}, and rank by total, ties by runner id.
 *
 * <p>Within a cycle most of the work repeats: every job meets the same runners, and permanent
 * filters give jobs with equal {@link Filter#jobKey keys} the same verdicts. So each permanent
 * filter's verdicts on the whole fleet are kept by job key and reused for as long as the runners
 * differ only in their running counts; anything else about them changing starts over.
 *
 * <p>Not thread-safe: it reuses scratch arrays and caches between jobs. Build one per thread or per
 * cycle.
 */
public final class Placement {
  /** How many candidates a result keeps. */
  public static final int TOP = 5;

  private final Filter[] permanent;
  private final Filter[] transients;
  private final Scorer[] scorers;
  private final PlacementConfig config;

  private int[] feasible = new int[0];
  private int[] firstPermanent = new int[0];
  private double[][] raws;
  private final int[] firstReject;
  private final List<Map<Object, boolean[]>> verdicts = new ArrayList<>();
  private Runner[] seen = new Runner[0];

  /** Distinct job keys a filter keeps verdicts for before starting over; bounds memory. */
  private static final int MAX_CACHED_KEYS = 256;

  private final int[] rejectCount;

  public Placement(List<Filter> filters, List<Scorer> scorers, PlacementConfig config) {
    this.permanent = filters.stream().filter(f -> !f.transientRejection()).toArray(Filter[]::new);
    this.transients = filters.stream().filter(Filter::transientRejection).toArray(Filter[]::new);
    this.scorers = scorers.toArray(Scorer[]::new);
    this.config = config;
    this.raws = new double[this.scorers.length][0];
    this.firstReject = new int[filters.size()];
    this.rejectCount = new int[filters.size()];
    for (int f = 0; f < permanent.length; f++) {
      verdicts.add(new HashMap<>());
    }
  }

  public PlacementResult place(
      PendingJob job, Tier tier, List<Runner> runners, ScoringInputs inputs) {
    int n = runners.size();
    ensureCapacity(n);
    revalidate(runners, n);
    // The first rejecting permanent filter of each runner, last filter first so earlier ones win.
    Arrays.fill(firstPermanent, 0, n, -1);
    for (int f = permanent.length - 1; f >= 0; f--) {
      boolean[] passes = verdicts(f, job, runners, n);
      for (int i = 0; i < n; i++) {
        if (!passes[i]) {
          firstPermanent[i] = f;
        }
      }
    }
    Arrays.fill(rejectCount, 0);
    int feasibleCount = 0;
    int busy = 0;
    for (int i = 0; i < n; i++) {
      int rejectedBy = firstPermanent[i];
      if (rejectedBy < 0) {
        rejectedBy = firstRejecting(transients, permanent.length, job, runners.get(i));
        if (rejectedBy >= 0) {
          busy++;
        }
      }
      if (rejectedBy >= 0) {
        if (rejectCount[rejectedBy]++ == 0) {
          firstReject[rejectedBy] = i;
        }
      } else {
        feasible[feasibleCount++] = i;
      }
    }

    var rejections = new LinkedHashMap<String, Integer>();
    var details = new LinkedHashMap<String, String>();
    collectRejections(job, runners, rejections, details);
    if (feasibleCount == 0) {
      var outcome = busy > 0 ? PlacementResult.Outcome.WAIT : PlacementResult.Outcome.UNPLACEABLE;
      return new PlacementResult(outcome, List.of(), 0, rejections, details, n, List.of());
    }

    var standAside = new ArrayList<String>();
    int[] weights = weigh(job, tier, runners, inputs, feasibleCount, standAside);
    double[] min = new double[scorers.length];
    double[] max = new double[scorers.length];
    rangeOf(feasibleCount, min, max);

    int weightSum = 0;
    for (int w : weights) {
      weightSum += w;
    }
    int[] top = new int[Math.min(TOP, feasibleCount)];
    double[] topTotal = new double[top.length];
    int kept = 0;
    for (int k = 0; k < feasibleCount; k++) {
      int i = feasible[k];
      Runner r = runners.get(i);
      double sum = 0;
      for (int s = 0; s < scorers.length; s++) {
        if (weights[s] != 0) {
          sum += weights[s] * checked(s, scorers[s].normalize(raws[s][k], r, min[s], max[s]));
        }
      }
      double total = weightSum == 0 ? 0 : sum / weightSum;
      kept = insertTop(top, topTotal, kept, k, total, runners);
    }

    var candidates = new ArrayList<Candidate>(kept);
    for (int t = 0; t < kept; t++) {
      candidates.add(candidate(top[t], topTotal[t], runners, weights, min, max));
    }
    double best = topTotal[0];
    int nearTies = 1;
    while (nearTies < kept && best - topTotal[nearTies] <= config.tieMargin() * best) {
      nearTies++;
    }
    return new PlacementResult(
        PlacementResult.Outcome.PLACEABLE,
        candidates,
        nearTies,
        rejections,
        details,
        n,
        standAside);
  }

  private int firstRejecting(Filter[] filters, int offset, PendingJob job, Runner r) {
    for (int f = 0; f < filters.length; f++) {
      if (!filters[f].accepts(job, r)) {
        return offset + f;
      }
    }
    return -1;
  }

  /**
   * The verdicts of permanent filter {@code f} on every runner for jobs with the same key as {@code
   * job}: computed once, then reused while the runners stay the same but for their running counts.
   */
  private boolean[] verdicts(int f, PendingJob job, List<Runner> runners, int n) {
    Filter filter = permanent[f];
    var cache = verdicts.get(f);
    Object key = filter.jobKey(job);
    boolean[] passes = cache.get(key);
    if (passes == null) {
      passes = new boolean[n];
      for (int i = 0; i < n; i++) {
        passes[i] = filter.accepts(job, runners.get(i));
      }
      if (cache.size() >= MAX_CACHED_KEYS) {
        cache.clear();
      }
      cache.put(key, passes);
    }
    return passes;
  }

  /** Forgets cached verdicts unless {@code runners} are the ones they were made on. */
  private void revalidate(List<Runner> runners, int n) {
    boolean same = seen.length == n;
    for (int i = 0; i < n && same; i++) {
      Runner r = runners.get(i);
      if (r != seen[i]) {
        same = seen[i].withRunning(r.running()).equals(r);
        seen[i] = r;
      }
    }
    if (!same) {
      verdicts.forEach(Map::clear);
      seen = runners.toArray(Runner[]::new);
    }
  }

  private Filter filterAt(int index) {
    return index < permanent.length ? permanent[index] : transients[index - permanent.length];
  }

  private void collectRejections(
      PendingJob job, List<Runner> runners, Map<String, Integer> out, Map<String, String> details) {
    Integer[] order = new Integer[rejectCount.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(rejectCount[b], rejectCount[a]));
    for (int f : order) {
      if (rejectCount[f] == 0) {
        continue;
      }
      Filter filter = filterAt(f);
      out.merge(filter.reason(), rejectCount[f], Integer::sum);
      details.putIfAbsent(filter.reason(), filter.detail(job, runners.get(firstReject[f])));
    }
  }

  /** Raw values of every scorer for every feasible runner; the weights that apply to this job. */
  private int[] weigh(
      PendingJob job,
      Tier tier,
      List<Runner> runners,
      ScoringInputs inputs,
      int feasibleCount,
      List<String> standAside) {
    int[] weights = new int[scorers.length];
    for (int s = 0; s < scorers.length; s++) {
      Scorer scorer = scorers[s];
      boolean known = false;
      for (int k = 0; k < feasibleCount; k++) {
        double v = scorer.raw(job, runners.get(feasible[k]), inputs);
        raws[s][k] = v;
        known |= !Double.isNaN(v);
      }
      weights[s] = config.weight(scorer.name(), tier);
      if (!known && weights[s] != 0) {
        weights[s] = 0;
        standAside.add(scorer.name());
      }
    }
    return weights;
  }

  private void rangeOf(int feasibleCount, double[] min, double[] max) {
    for (int s = 0; s < scorers.length; s++) {
      double lo = Double.NaN;
      double hi = Double.NaN;
      for (int k = 0; k < feasibleCount; k++) {
        double v = raws[s][k];
        if (!Double.isNaN(v)) {
          lo = Double.isNaN(lo) ? v : Math.min(lo, v);
          hi = Double.isNaN(hi) ? v : Math.max(hi, v);
        }
      }
      min[s] = lo;
      max[s] = hi;
    }
  }

  private double checked(int s, double normalized) {
    if (!(normalized >= 0 && normalized <= 100)) {
      throw new IllegalStateException(
          "scorer " + scorers[s].name() + " normalized to " + normalized + ", outside [0,100]");
    }
    return normalized;
  }

  /** Keeps the best {@code top.length} feasible indexes sorted by total desc, then runner id. */
  private int insertTop(
      int[] top, double[] topTotal, int kept, int k, double total, List<Runner> runners) {
    long id = runners.get(feasible[k]).id();
    int pos = kept;
    while (pos > 0
        && better(total, id, topTotal[pos - 1], runners.get(feasible[top[pos - 1]]).id())) {
      pos--;
    }
    if (pos >= top.length) {
      return kept;
    }
    int last = Math.min(kept, top.length - 1);
    System.arraycopy(top, pos, top, pos + 1, last - pos);
    System.arraycopy(topTotal, pos, topTotal, pos + 1, last - pos);
    top[pos] = k;
    topTotal[pos] = total;
    return Math.min(kept + 1, top.length);
  }

  private static boolean better(double total, long id, double otherTotal, long otherId) {
    return total > otherTotal || (total == otherTotal && id < otherId);
  }

  private Candidate candidate(
      int k, double total, List<Runner> runners, int[] weights, double[] min, double[] max) {
    Runner r = runners.get(feasible[k]);
    var lines = new ArrayList<ScoreLine>(scorers.length);
    var words = new ArrayList<String>(scorers.length);
    for (int s = 0; s < scorers.length; s++) {
      double raw = raws[s][k];
      double norm = checked(s, scorers[s].normalize(raw, r, min[s], max[s]));
      lines.add(
          new ScoreLine(
              scorers[s].name(), Double.isNaN(raw) ? null : raw, round1(norm), weights[s]));
      words.add(scorers[s].describe(raw, r));
    }
    return new Candidate(r, round1(total), lines, words);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private void ensureCapacity(int n) {
    if (feasible.length < n) {
      feasible = new int[n];
      firstPermanent = new int[n];
      raws = new double[scorers.length][n];
    }
  }
}
