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
 *   <li>jobs of one kind (the same runners past the filters kept above, the same key under the
 *       filters that read load, the same tier) share a {@link Ranking}: their feasible runners, the
 *       scorers' ranges and the best runners in order, brought up to date runner by runner as loads
 *       change, so that a cycle that assigns thousands of jobs on a fleet of thousands does not
 *       score the whole fleet for each;
 *   <li>the scorers' words are rendered only when an explanation reads them.
 * </ul>
 *
 * <p>The candidates are the best feasible runners in rank order, one per set of interchangeable
 * runners ({@link TossUps}): a runner is left out when a better one already taken is its twin.
 *
 * <p>Not thread-safe: it reuses scratch arrays and caches between jobs. Build one per thread or per
 * cycle.
 */
public final class Placement {
  /** How many candidates a result keeps. */
  public static final int TOP = 5;

  /** Distinct keys kept per filter, and rankings kept, before starting over. */
  private static final int MAX_CACHED_KEYS = 1024;

  /**
   * Runners a ranking's frontier holds when first built; it grows for kinds whose best are twins.
   */
  static final int FRONTIER = 32;

  /** Load changes remembered for the rankings to catch up with, before they rank afresh. */
  private static final int MAX_CHANGES = 1 << 20;

  /** Filters that do not read the runners' load, their verdicts kept in {@link #pools}. */
  private final Filter[] permanent;

  /** Filters that read the load, or declare nothing: checked on every placement. */
  private final Filter[] transients;

  /** What each of {@link #transients} reads; null for one that declares nothing. */
  private final @Nullable Signed[] transientsDeclared;

  /** The union of the signatures of {@link #transients}: part of every busy and ranking key. */
  private final JobSignature transientSignature;

  /** The permanent filters, then the transient ones: the order of {@link #rejectCount}. */
  private final Filter[] allFilters;

  private final RunnerScores scores;
  private final PlacementConfig config;
  private final int frontier;

  /**
   * Whether jobs of a kind may share a {@link Ranking}: every transient filter declares what it
   * reads and every scorer rates runners only.
   */
  private final boolean shared;

  private final BusyVerdicts busy = new BusyVerdicts();

  private final Map<PoolKey, Ranking> rankings = new HashMap<>();
  private final Pools pools;
  private final SeenRunners seen = new SeenRunners();
  private final SeenRunners.LoadChange onLoad = this::loadChanged;
  private @Nullable ScoringInputs seenInputs;

  /** The runners of the placement under way, for the rankings' questions. */
  private List<Runner> current = List.of();

  /**
   * Runners on which a transient filter other than the free-slot check can reject a job: as their
   * load grows, a busy verdict's reason there may change (kept, then at capacity).
   */
  private boolean[] reasonShifts = new boolean[0];

  /** The runners' ids by position: a load change keeps them, and rank ties are broken by them. */
  private long[] ids = new long[0];

  /** Runners with a free slot, one bit each, kept as loads change. */
  private long[] free = new long[0];

  /** Whether the first transient filter is the free-slot check, answered from {@link #free}. */
  private final boolean freeFirst;

  /** Positions whose load changed, in order, for the rankings to catch up with. */
  private int[] changes = new int[64];

  private int changeCount;

  /** Goes up when every ranking must rank afresh: new inputs, or a scorer's range moved. */
  private long epoch;

  /** Goes up when the fleet changes beyond load: what a {@link JobPlace} holds is then stale. */
  private long fleet;

  private final int[] rejectCount;
  private final int[] firstReject;

  public Placement(List<Filter> filters, List<Scorer> scorers, PlacementConfig config) {
    this(filters, scorers, config, FRONTIER);
  }

  /**
   * @param frontier runners a ranking's frontier holds when first built (at least 1): tests make it
   *     small so that a few runners exercise what a fleet of thousands does
   */
  Placement(List<Filter> filters, List<Scorer> scorers, PlacementConfig config, int frontier) {
    if (frontier < 1) {
      throw new IllegalArgumentException("a frontier holds at least one runner, not " + frontier);
    }
    this.frontier = frontier;
    this.permanent = filters.stream().filter(Placement::keepsVerdicts).toArray(Filter[]::new);
    this.transients = filters.stream().filter(f -> !keepsVerdicts(f)).toArray(Filter[]::new);
    this.transientsDeclared = new Signed[transients.length];
    boolean declared = true;
    for (int f = 0; f < transients.length; f++) {
      transientsDeclared[f] = transients[f] instanceof Signed s ? s : null;
      declared &= transientsDeclared[f] != null;
    }
    this.transientSignature = JobSignature.of(List.of(transients));
    this.allFilters = new Filter[permanent.length + transients.length];
    System.arraycopy(permanent, 0, allFilters, 0, permanent.length);
    System.arraycopy(transients, 0, allFilters, permanent.length, transients.length);
    this.scores = new RunnerScores(scorers, config);
    this.shared = declared && scores.byRunnerOnly();
    this.pools = new Pools(permanent, transientSignature, MAX_CACHED_KEYS);
    this.config = config;
    this.freeFirst = transients.length > 0 && transients[0] == Filters.FREE_SLOT;
    this.rejectCount = new int[filters.size()];
    this.firstReject = new int[filters.size()];
  }

  public PlacementResult place(
      PendingJob job, Tier tier, List<Runner> runners, ScoringInputs inputs) {
    return place(job, tier, runners, inputs, new JobPlace());
  }

  /**
   * The same, reading what {@code known} holds of the job from an earlier placement of the same
   * record, and keeping there what this one works out.
   */
  public PlacementResult place(
      PendingJob job, Tier tier, List<Runner> runners, ScoringInputs inputs, JobPlace known) {
    int n = runners.size();
    current = runners;
    scores.placing(runners, job, inputs);
    revalidate(runners, n, inputs);

    Pool pool = known.pool;
    if (pool == null || !known.heldBy(this, fleet)) {
      pool = pools.of(job, runners);
      known.owner = this;
      known.fleet = fleet;
      known.pool = pool;
      known.busyKey = null;
      known.loadKey = null;
    }
    System.arraycopy(pool.counts(), 0, rejectCount, 0, permanent.length);
    System.arraycopy(pool.first(), 0, firstReject, 0, permanent.length);
    // a key only when there are busy answers to look up, or one to keep
    if (!busy.isEmpty()) {
      var answer = busy.get(job, pool, known);
      if (answer != null) {
        return answer;
      }
    }

    Ranking ranking = ranking(job, tier, pool, known);
    ranking.update(job);
    for (int f = 0; f < transients.length; f++) {
      rejectCount[permanent.length + f] = ranking.rejectCount(f);
      firstReject[permanent.length + f] = ranking.firstRejected(f);
    }
    var histogram = rejections(job, runners);
    var rejections = histogram.counts();
    var details = histogram.details();
    int feasibleCount = ranking.feasibleCount();
    if (feasibleCount == 0) {
      var outcome =
          ranking.busyCount() > 0
              ? PlacementResult.Outcome.WAIT
              : PlacementResult.Outcome.UNPLACEABLE;
      var result = new PlacementResult(outcome, List.of(), 0, rejections, details, n, List.of());
      busy.put(job, pool, known, result);
      return result;
    }

    int[] weights = ranking.weights();
    var standAside = new ArrayList<String>();
    for (int s = 0; s < scores.count(); s++) {
      if (weights[s] == 0 && scores.weight(s, tier) != 0) {
        standAside.add(scores.name(s));
      }
    }
    int[] top = new int[Math.min(TOP, feasibleCount)];
    double[] topTotal = new double[top.length];
    int kept = ranking.best(top, topTotal);
    var candidates = new ArrayList<Candidate>(kept);
    for (int t = 0; t < kept; t++) {
      candidates.add(scores.candidate(top[t], topTotal[t], weights, ranking));
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

  /** The ranking of {@code job}'s kind, kept when jobs may share one, else made for this job. */
  private Ranking ranking(PendingJob job, Tier tier, Pool pool, JobPlace known) {
    if (!shared) {
      return new Ranking(this, pool.alive(), tier, false);
    }
    var loadKey = known.loadKey;
    if (loadKey == null) {
      loadKey = transientSignature.key(job);
      known.loadKey = loadKey;
    }
    var key = PoolKey.ranking(pool, loadKey, tier);
    var ranking = rankings.get(key);
    if (ranking == null) {
      if (rankings.size() >= MAX_CACHED_KEYS) {
        rankings.clear();
      }
      ranking = new Ranking(this, pool.alive(), tier, true);
      rankings.put(key, ranking);
    }
    return ranking;
  }

  /**
   * Compares {@code runners} with those seen last: a change beyond running counts (or new inputs
   * for the scorers) forgets what was kept; a runner whose running count changed is scored again,
   * noted for the rankings, and one that freed a slot forgets the busy verdicts.
   */
  // Inputs are told apart by identity: an equal copy only costs a recomputation, while comparing
  // their contents on every placement would cost what the cache saves.
  @SuppressWarnings("ReferenceEquality")
  private void revalidate(List<Runner> runners, int n, ScoringInputs inputs) {
    if (inputs != seenInputs) {
      seenInputs = inputs;
      scores.forget();
      epoch++;
    }
    if (!seen.update(runners, onLoad)) {
      fleet++;
      pools.reset(runners);
      busy.reset();
      rankings.clear();
      changeCount = 0;
      epoch++;
      scores.reset(runners);
      if (reasonShifts.length < n) {
        reasonShifts = new boolean[n];
        ids = new long[n];
      }
      free = new long[pools.words()];
      for (int i = 0; i < n; i++) {
        Runner r = runners.get(i);
        reasonShifts[i] = false;
        ids[i] = r.id();
        for (int f = 0; f < transients.length; f++) {
          var declared = transientsDeclared[f];
          reasonShifts[i] |=
              transients[f] != Filters.FREE_SLOT && (declared == null || declared.canReject(r));
        }
        setFree(i, r);
      }
    }
  }

  private void setFree(int i, Runner r) {
    if (r.running() < r.concurrency()) {
      Bits.set(free, i);
    } else {
      Bits.clear(free, i);
    }
  }

  private void loadChanged(int index, Runner now, boolean freed) {
    setFree(index, now);
    if (scores.rescore(index, now)) {
      epoch++;
    }
    if (changeCount == MAX_CHANGES) {
      changeCount = 0;
      epoch++;
    }
    if (changeCount == changes.length) {
      changes = Arrays.copyOf(changes, changeCount * 2);
    }
    changes[changeCount++] = index;
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

  // What a Ranking asks of the runners and scorers.

  int frontier() {
    return frontier;
  }

  int transientCount() {
    return transients.length;
  }

  RunnerScores scores() {
    return scores;
  }

  long epoch() {
    return epoch;
  }

  /** Load changes noted so far. */
  int changes() {
    return changeCount;
  }

  /** The position of the {@code k}th load change. */
  int changedAt(int k) {
    return changes[k];
  }

  long id(int i) {
    return ids[i];
  }

  /**
   * The transient filters' verdict on runner {@code i} for {@code job}: -1 when it passes them all,
   * else the first to reject it, shifted left by one, with the low bit set when the rejection
   * clears by itself (a busy runner).
   */
  int verdict(PendingJob job, int i) {
    if (freeFirst && !Bits.has(free, i)) {
      return 1;
    }
    Runner r = current.get(i);
    for (int f = freeFirst ? 1 : 0; f < transients.length; f++) {
      if (transients[f].check(job, r) instanceof Verdict.Rejected rejected) {
        return f << 1 | (rejected.reason().clearsByItself() ? 1 : 0);
      }
    }
    return -1;
  }
}
