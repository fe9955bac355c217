package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The placement pipeline for one job: filter every runner (first rejecting filter names the
 * reason), score the feasible ones in the scorers' units, normalize to 0–100 with a range check,
 * weight by the table in {@link PlacementConfig}, and rank by total, ties by runner id.
 *
 * <p>Within a cycle most of the work repeats, and is kept between jobs for as long as the runners
 * differ only in their running counts:
 *
 * <ul>
 *   <li>a filter that does not read the runners' load gives jobs that agree on its declared {@link
 *       JobSignature} the same verdicts, so its verdicts on the fleet are kept per key of that
 *       signature as a bit set, checked only on the runners it {@link Signed#canReject can reject};
 *       a job's feasible runners are the intersection of its filters' sets;
 *   <li>a job whose feasible runners were all busy stays so until a runner frees a slot, so later
 *       jobs with the same verdicts get the same answer at once, keyed by the union of the
 *       signatures of the filters that shaped it;
 *   <li>raw values of scorers that do not look at the job ({@link Scorer#usesJob}) are computed
 *       once per runner state;
 *   <li>the scorers' words are rendered only when an explanation reads them.
 * </ul>
 *
 * <p>Not thread-safe: it reuses scratch arrays and caches between jobs. Build one per thread or per
 * cycle.
 */
public final class Placement {
  /** How many candidates a result keeps. */
  public static final int TOP = 5;

  /** Distinct keys kept per filter, and busy verdicts kept, before starting over; bounds memory. */
  private static final int MAX_CACHED_KEYS = 1024;

  /** Filters that do not read the runners' load, their verdicts kept in {@link #verdicts}. */
  private final Filter[] permanent;

  /** Filters that read the load, or declare nothing: checked on every placement. */
  private final Filter[] transients;

  /** What each of {@link #transients} reads; null for one that declares nothing. */
  private final @Nullable Signed[] transientsDeclared;

  /** The union of the signatures of {@link #transients}: part of every busy key. */
  private final JobSignature transientSignature;

  /** The permanent filters, then the transient ones: the order of {@link #rejectCount}. */
  private final Filter[] allFilters;

  private final Scorer[] scorers;
  private final boolean[] runnerOnly;
  private final PlacementConfig config;
  private final int speedScorer;
  private final int healthScorer;

  private final Map<BusyKey, PlacementResult> busy = new HashMap<>();
  private final FilterVerdicts verdicts;
  private long[] alive = new long[0];
  private final SeenRunners seen = new SeenRunners();
  private final SeenRunners.LoadChange onLoad = this::loadChanged;
  private @Nullable ScoringInputs seenInputs;

  /**
   * Runners on which a transient filter other than the free-slot check can reject a job: as their
   * load grows, a busy verdict's reason there may change (kept, then at capacity).
   */
  private boolean[] reasonShifts = new boolean[0];

  /** Runners with a free slot, one bit each, kept as loads change. */
  private long[] free = new long[0];

  /** Per runner, its class of interchangeable runners (equal {@link TossUps#twinKey}s). */
  private int[] twinClass = new int[0];

  /** Whether the first transient filter is the free-slot check, answered from {@link #free}. */
  private final boolean freeFirst;

  private int[] feasible = new int[0];
  private double[][] raws;
  private double[][] runnerRaws;
  private boolean[] runnerRawsValid = new boolean[0];
  private final int[] rejectCount;
  private final int[] firstReject;

  public Placement(List<Filter> filters, List<Scorer> scorers, PlacementConfig config) {
    this.permanent = filters.stream().filter(Placement::keepsVerdicts).toArray(Filter[]::new);
    this.transients = filters.stream().filter(f -> !keepsVerdicts(f)).toArray(Filter[]::new);
    this.transientsDeclared = new Signed[transients.length];
    for (int f = 0; f < transients.length; f++) {
      transientsDeclared[f] = transients[f] instanceof Signed s ? s : null;
    }
    this.transientSignature = JobSignature.of(List.of(transients));
    this.allFilters = new Filter[permanent.length + transients.length];
    System.arraycopy(permanent, 0, allFilters, 0, permanent.length);
    System.arraycopy(transients, 0, allFilters, permanent.length, transients.length);
    this.scorers = scorers.toArray(Scorer[]::new);
    this.runnerOnly = new boolean[this.scorers.length];
    for (int s = 0; s < this.scorers.length; s++) {
      runnerOnly[s] = !this.scorers[s].usesJob();
    }
    this.verdicts =
        new FilterVerdicts(
            permanent,
            Arrays.stream(permanent).map(Signed.class::cast).toArray(Signed[]::new),
            MAX_CACHED_KEYS);
    this.config = config;
    this.freeFirst = transients.length > 0 && transients[0] == Filters.FREE_SLOT;
    this.speedScorer = indexOf(Scorers.SPEED);
    this.healthScorer = indexOf(Scorers.HEALTH);
    this.raws = new double[this.scorers.length][0];
    this.runnerRaws = new double[this.scorers.length][0];
    this.rejectCount = new int[filters.size()];
    this.firstReject = new int[filters.size()];
  }

  public PlacementResult place(
      PendingJob job, Tier tier, List<Runner> runners, ScoringInputs inputs) {
    int n = runners.size();
    revalidate(runners, n, inputs);

    // Permanent filters: who each one rejects first, and who passes them all.
    System.arraycopy(verdicts.everyone(), 0, alive, 0, alive.length);
    JobSignature shaping = transientSignature;
    for (int f = 0; f < permanent.length; f++) {
      long[] pass = verdicts.passes(f, verdicts.key(f, job), job, runners);
      int count = 0;
      int first = -1;
      for (int w = 0; w < alive.length; w++) {
        long rejected = alive[w] & ~pass[w];
        if (rejected != 0) {
          count += Long.bitCount(rejected);
          if (first < 0) {
            first = w * 64 + Long.numberOfTrailingZeros(rejected);
          }
          alive[w] &= pass[w];
        }
      }
      rejectCount[f] = count;
      firstReject[f] = first;
      if (count > 0) {
        shaping = shaping.and(((Signed) permanent[f]).signature());
      }
    }
    // a key only when there are busy answers to look up, or one to keep
    BusyKey busyKey = null;
    if (!busy.isEmpty()) {
      busyKey = new BusyKey(alive.clone(), shaping, shaping.key(job));
      var known = busy.get(busyKey);
      if (known != null) {
        return known;
      }
    }

    Arrays.fill(rejectCount, permanent.length, rejectCount.length, 0);
    int feasibleCount = 0;
    int busyCount = 0;
    // the free-slot check from the bit set: only runners with a free slot go on to the others
    int from = freeFirst ? 1 : 0;
    for (int w = 0; w < alive.length; w++) {
      long candidates = alive[w];
      if (freeFirst) {
        long full = alive[w] & ~free[w];
        if (full != 0) {
          busyCount += Long.bitCount(full);
          if (rejectCount[permanent.length] == 0) {
            firstReject[permanent.length] = w * 64 + Long.numberOfTrailingZeros(full);
          }
          rejectCount[permanent.length] += Long.bitCount(full);
        }
        candidates &= free[w];
      }
      for (long bits = candidates; bits != 0; bits &= bits - 1) {
        int i = w * 64 + Long.numberOfTrailingZeros(bits);
        int rejectedBy = -1;
        for (int f = from; f < transients.length && rejectedBy < 0; f++) {
          if (transients[f].check(job, runners.get(i)) instanceof Verdict.Rejected r) {
            rejectedBy = permanent.length + f;
            busyCount += r.reason().clearsByItself() ? 1 : 0;
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
    }

    var histogram = rejections(job, runners);
    var rejections = histogram.counts();
    var details = histogram.details();
    if (feasibleCount == 0) {
      var outcome =
          busyCount > 0 ? PlacementResult.Outcome.WAIT : PlacementResult.Outcome.UNPLACEABLE;
      var result = new PlacementResult(outcome, List.of(), 0, rejections, details, n, List.of());
      if (busy.size() >= MAX_CACHED_KEYS) {
        busy.clear();
      }
      busy.put(
          busyKey != null ? busyKey : new BusyKey(alive.clone(), shaping, shaping.key(job)),
          result);
      return result;
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
      Runner r = runners.get(feasible[k]);
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
      candidates.add(candidate(top[t], topTotal[t], runners, weights, min, max, inputs));
    }
    int nearTies = 1;
    for (int t = 1; t < kept; t++) {
      var other = candidates.get(t);
      if (TossUps.tossUp(candidates.get(0), other, config.tieMargin())) {
        nearTies = t + 1;
      }
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

  /**
   * Compares {@code runners} with those seen last: a change beyond running counts (or new inputs
   * for the scorers) forgets what was kept; a runner whose running count changed loses its scorer
   * values, and one that freed a slot forgets the busy verdicts.
   */
  // Inputs are told apart by identity: an equal copy only costs a recomputation, while comparing
  // their contents on every placement would cost what the cache saves.
  @SuppressWarnings("ReferenceEquality")
  private void revalidate(List<Runner> runners, int n, ScoringInputs inputs) {
    if (!seen.update(runners, onLoad)) {
      verdicts.reset(runners);
      busy.clear();
      ensureCapacity(n);
      Arrays.fill(runnerRawsValid, false);
      alive = new long[verdicts.everyone().length];
      free = new long[alive.length];
      var classes = new HashMap<Object, Integer>();
      for (int i = 0; i < n; i++) {
        Runner r = runners.get(i);
        reasonShifts[i] = false;
        for (int f = 0; f < transients.length; f++) {
          var declared = transientsDeclared[f];
          reasonShifts[i] |=
              transients[f] != Filters.FREE_SLOT && (declared == null || declared.canReject(r));
        }
        setFree(i, r);
        twinClass[i] = classes.computeIfAbsent(TossUps.twinKey(r), k -> classes.size());
      }
    }
    if (inputs != seenInputs) {
      seenInputs = inputs;
      Arrays.fill(runnerRawsValid, false);
    }
  }

  private void setFree(int i, Runner r) {
    if (r.running() < r.concurrency()) {
      free[i >> 6] |= 1L << i;
    } else {
      free[i >> 6] &= ~(1L << i);
    }
  }

  private void loadChanged(int index, Runner now, boolean freed) {
    setFree(index, now);
    runnerRawsValid[index] = false;
    if (freed || reasonShifts[index]) {
      busy.clear();
    }
  }

  /** Whether the pipeline may keep {@code filter}'s verdicts while only loads change. */
  private static boolean keepsVerdicts(Filter filter) {
    return filter instanceof Signed s && !s.readsLoad();
  }

  /** What this placement's filters rejected, to be put into words only if read. */
  private Rejections rejections(PendingJob job, List<Runner> runners) {
    @Nullable Runner[] first = new Runner[rejectCount.length];
    for (int f = 0; f < first.length; f++) {
      if (rejectCount[f] > 0) {
        first[f] = runners.get(firstReject[f]);
      }
    }
    return new Rejections(allFilters, rejectCount.clone(), first, job);
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
    for (int k = 0; k < feasibleCount; k++) {
      int i = feasible[k];
      if (!runnerRawsValid[i]) {
        Runner r = runners.get(i);
        for (int s = 0; s < scorers.length; s++) {
          if (runnerOnly[s]) {
            runnerRaws[s][i] = scorers[s].raw(job, r, inputs);
          }
        }
        runnerRawsValid[i] = true;
      }
    }
    for (int s = 0; s < scorers.length; s++) {
      Scorer scorer = scorers[s];
      boolean known = false;
      double[] out = raws[s];
      for (int k = 0; k < feasibleCount; k++) {
        double v =
            runnerOnly[s]
                ? runnerRaws[s][feasible[k]]
                : scorer.raw(job, runners.get(feasible[k]), inputs);
        out[k] = v;
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

  /**
   * Keeps the best {@code top.length} feasible indexes sorted by total desc, then runner id, one
   * per set of interchangeable runners ({@link TossUps}): a twin of a kept runner replaces it only
   * when it ranks better. A runner that does not rank better than the last of a full list changes
   * nothing (nor better than its twin there, which ranks at least as well), so it is not compared
   * with its twins: most runners of a large fleet are passed over at that first comparison.
   */
  private int insertTop(
      int[] top, double[] topTotal, int kept, int k, double total, List<Runner> runners) {
    long id = runners.get(feasible[k]).id();
    if (kept == top.length
        && !better(total, id, topTotal[kept - 1], runners.get(feasible[top[kept - 1]]).id())) {
      return kept;
    }
    for (int t = 0; t < kept; t++) {
      if (twins(top[t], k)) {
        if (!better(total, id, topTotal[t], runners.get(feasible[top[t]]).id())) {
          return kept;
        }
        System.arraycopy(top, t + 1, top, t, kept - t - 1);
        System.arraycopy(topTotal, t + 1, topTotal, t, kept - t - 1);
        kept--;
        break;
      }
    }
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

  private boolean twins(int a, int b) {
    return twinClass[feasible[a]] == twinClass[feasible[b]]
        && TossUps.close(
            rawOf(speedScorer, a),
            rawOf(healthScorer, a),
            rawOf(speedScorer, b),
            rawOf(healthScorer, b));
  }

  private double rawOf(int scorer, int k) {
    return scorer < 0 ? Double.NaN : raws[scorer][k];
  }

  private int indexOf(String name) {
    for (int s = 0; s < scorers.length; s++) {
      if (scorers[s].name().equals(name)) {
        return s;
      }
    }
    return -1;
  }

  private static boolean better(double total, long id, double otherTotal, long otherId) {
    return total > otherTotal || (total == otherTotal && id < otherId);
  }

  private Candidate candidate(
      int k,
      double total,
      List<Runner> runners,
      int[] weights,
      double[] min,
      double[] max,
      ScoringInputs inputs) {
    Runner r = runners.get(feasible[k]);
    var lines = new ArrayList<ScoreLine>(scorers.length);
    double[] mine = new double[scorers.length];
    for (int s = 0; s < scorers.length; s++) {
      double raw = raws[s][k];
      mine[s] = raw;
      double norm = checked(s, scorers[s].normalize(raw, r, min[s], max[s]));
      lines.add(
          new ScoreLine(
              scorers[s].name(), Double.isNaN(raw) ? null : raw, round1(norm), weights[s]));
    }
    return new Candidate(r, round1(total), lines, new ScoreWords(scorers, mine, r, inputs));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private void ensureCapacity(int n) {
    if (feasible.length < n) {
      feasible = new int[n];
      raws = new double[scorers.length][n];
      runnerRaws = new double[scorers.length][n];
      runnerRawsValid = new boolean[n];
      reasonShifts = new boolean[n];
      twinClass = new int[n];
    }
  }
}
