package dev.runneriq.core.engine;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.carbon.Deferral;
import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.core.placement.JobPlace;
import dev.runneriq.core.placement.Placement;
import dev.runneriq.core.placement.Reservation;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.placement.Scarcity;
import dev.runneriq.core.placement.Scorer;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.core.placement.Signed;
import dev.runneriq.core.placement.Verdict;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.core.priority.QueueScores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The decision engine: one cycle over a snapshot. Pending jobs are taken highest priority first and
 * each goes through the {@link Assigner}, the per-job step every path that decides shares: an
 * assignment takes a slot, so no runner gets more jobs than it has free slots. Pure: a snapshot and
 * a seed in, decisions out; the same input gives the same output.
 *
 * <p>If anything inside throws (a filter, a scorer, the tie-breaker, a bug), that cycle's decisions
 * come from {@link FifoFallback}: GitLab's own order, marked {@code fifo-fallback} with the reason.
 *
 * <p>Thread-safe: each call builds its own scratch state, or takes the one the last cycle left: its
 * assigner when the runners are the same (see {@link #lastAssigner}), and what it knew of each job
 * of its queue (see {@link Carried}). Either way a cycle decides the same.
 */
public final class Engine {
  private final EngineConfig config;
  private final Analyzer analyzer;
  private final List<Filter> filters;
  private final List<Scorer> scorers;
  private final TieBreaker tieBreaker;
  private final Deferral deferral;
  private final Rendering rendering;

  /** The assigner of the last cycle, for the next: see {@link #lastAssigner}. */
  private @Nullable Assigner kept;

  /** What the last cycle knew of its queue, for the next: see {@link Carried}. */
  private @Nullable Carried carried;

  /**
   * What a cycle knew of each job of its queue, for the next cycle to find again for a job that is
   * still there (the same record): its priority while the waiting-time line stays ({@link
   * QueueScores}), what placing it worked out ({@link JobPlace}) and how decisions name it. Indexed
   * by the job's place in that cycle's queue.
   */
  private static final class Carried {
    final QueueScores scores;
    final JobPlace[] places;
    final Decision.JobRef[] refs;

    Carried(QueueScores scores, JobPlace[] places, Decision.JobRef[] refs) {
      this.scores = scores;
      this.places = places;
      this.refs = refs;
    }
  }

  /** A cycle's jobs and what it knows of each, in the order it decides them. */
  private static final class Walk implements Supplier<Priority> {
    final PendingJob[] jobs;
    final Priority[] priorities;
    final Tier[] tiers;
    final JobPlace[] places;
    final Decision.JobRef[] refs;
    final long[] ids;

    Walk(int n) {
      jobs = new PendingJob[n];
      priorities = new Priority[n];
      tiers = new Tier[n];
      places = new JobPlace[n];
      refs = new Decision.JobRef[n];
      ids = new long[n];
    }

    /** The job of the walk now. */
    int at;

    /** The priority of the job of the walk now, for the tie-breaker to read if it is asked. */
    @Override
    public Priority get() {
      return priorities[at];
    }
  }

  public Engine(
      EngineConfig config, List<Filter> filters, List<Scorer> scorers, TieBreaker tieBreaker) {
    this.config = config;
    this.analyzer = new Analyzer(config.priority());
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.tieBreaker = tieBreaker;
    this.deferral = new Deferral(config.carbon());
    this.rendering = new Rendering(config.mode(), config.placement().tieMargin());
  }

  /** The default filters and scorers with the rule-order tie-breaker. */
  public static Engine standard(EngineConfig config) {
    return standard(config, TieBreaker.RULE_ORDER);
  }

  /** The default filters and scorers with {@code tieBreaker} for toss-ups. */
  public static Engine standard(EngineConfig config, TieBreaker tieBreaker) {
    return new Engine(config, Filters.DEFAULT, Scorers.DEFAULT, tieBreaker);
  }

  /**
   * This engine with another carbon policy and everything else shared: for the simulator's
   * reference policies (a perfect-knowledge oracle, placement without holds).
   */
  public Engine withCarbon(CarbonPolicy carbon) {
    return new Engine(
        new EngineConfig(config.mode(), config.priority(), config.placement(), carbon),
        filters,
        scorers,
        tieBreaker);
  }

  public EngineConfig config() {
    return config;
  }

  /** Who settles toss-ups for this engine (the rule order unless a model was given). */
  public TieBreaker tieBreaker() {
    return tieBreaker;
  }

  public Analyzer analyzer() {
    return analyzer;
  }

  Deferral deferral() {
    return deferral;
  }

  /**
   * A fresh placement pipeline with this engine's filters, scorers and weights, and the reservation
   * of the runners with {@code scarcity}'s rare tags.
   */
  public Placement newPlacement(Scarcity scarcity) {
    var all = new ArrayList<>(filters);
    if (scarcity != Scarcity.NONE) {
      var reserve = config.placement().reserve();
      all.add(new Reservation(scarcity, reserve.slots(), reserve.protectedOnly()));
    }
    return new Placement(all, scorers, config.placement());
  }

  /** The per-job step on {@code runners}, which it learns the fleet's rare tags from. */
  public Assigner assigner(RunnerTable runners) {
    return new Assigner(this, runners);
  }

  /** Decides on every pending job of {@code snapshot}, highest priority first. */
  public List<Decision> decide(Snapshot snapshot, long seed) {
    try {
      return rules(snapshot, seed);
    } catch (RuntimeException e) {
      return new FifoFallback(config, analyzer, filters).decide(snapshot, seed, reason(e));
    }
  }

  /**
   * Whether {@code runner} may ever take {@code job}, as far as this engine's filters that do not
   * read load tell (tags, protected refs, pause, timeout): whether the runner is in the job's pool,
   * busy or not. A filter that does not declare what it reads is left out: the pool may be larger,
   * never smaller.
   */
  public boolean mayTake(PendingJob job, Runner runner) {
    for (var f : filters) {
      if (f instanceof Signed s
          && !s.readsLoad()
          && f.check(job, runner) instanceof Verdict.Rejected) {
        return false;
      }
    }
    return true;
  }

  /**
   * GitLab's own choice for one job, the floor when the engine fails: the position of the first
   * runner of {@code runners} by id that may take {@code job} now, or -1.
   */
  public int fallbackRunner(PendingJob job, List<Runner> runners) {
    return FifoFallback.firstFree(filters, job, runners);
  }

  private List<Decision> rules(Snapshot snapshot, long seed) {
    var now = snapshot.now();
    var jobs = snapshot.jobs();
    int n = jobs.size();
    var last = lastCarried();
    var priorities = last.scores.score(jobs, now, snapshot.calibration());
    int[] from = last.scores.lastPlaces();
    // read in the queue's order, so that the walk in priority order below reads jobs no more than
    // it must: most of a long queue waits, and then needs only what is carried here
    var scores = new int[n];
    var tiers = new Tier[n];
    var ids = new long[n];
    var seconds = new long[n];
    var nanos = new int[n];
    var known = new @Nullable JobPlace[n];
    var refs = new Decision.JobRef[n];
    for (int i = 0; i < n; i++) {
      var job = jobs.get(i);
      var since = job.pendingSince();
      scores[i] = priorities[i].score();
      tiers[i] = priorities[i].tier();
      ids[i] = job.id();
      seconds[i] = since.getEpochSecond();
      nanos[i] = since.getNano();
      int f = from[i];
      known[i] = f >= 0 ? last.places[f] : null;
      refs[i] = f >= 0 ? last.refs[f] : jobRef(job);
    }
    int[] order = Ranked.order(scores, ids, seconds, nanos);
    // what the walk reads, gathered in its order first: loads independent of each other overlap,
    // where the walk would wait for each in turn; what placing each job worked out is copied, so
    // that the walk reads it in the order it was made
    var inOrder = new Walk(n);
    var places = new JobPlace[n];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      inOrder.jobs[k] = jobs.get(i);
      inOrder.priorities[k] = priorities[i];
      inOrder.tiers[k] = tiers[i];
      var before = known[i];
      var place = before == null ? new JobPlace() : before.copy();
      inOrder.places[k] = place;
      places[i] = place;
      inOrder.refs[k] = refs[i];
      inOrder.ids[k] = ids[i];
    }

    var sorted = new ArrayList<>(snapshot.runners());
    sorted.sort(Comparator.comparingLong(Runner::id));
    // a table, so that each placement looks only at the runners the previous one changed
    var table = new RunnerTable(sorted);
    var assigner = lastAssigner(table);
    var grid = Grid.of(snapshot.carbon(), snapshot.forecast());
    var out = new ArrayList<Decision>(n);
    for (int k = 0; k < n; k++) {
      var job = inOrder.jobs[k];
      inOrder.at = k;
      var a = assigner.assign(job, inOrder.tiers[k], inOrder, grid, now, inOrder.places[k]);
      out.add(
          rendering.decision(
              job, inOrder.ids[k], inOrder.refs[k], inOrder.priorities[k], a, now, seed));
    }
    // not after a failure: their caches may be half made
    keep(assigner, new Carried(last.scores, places, refs));
    return out;
  }

  /**
   * The assigner the last cycle ended with, if it may go on with {@code table} (the same runners,
   * other loads), else a new one. Its caches are exact, so a cycle decides the same either way, but
   * the next cycle over a long queue need not work out again what the runners' unchanging state
   * says about its jobs. Taken, so that a cycle running meanwhile on another thread (an API call)
   * makes its own.
   */
  private Assigner lastAssigner(RunnerTable table) {
    Assigner last;
    synchronized (this) {
      last = kept;
      kept = null;
    }
    return last != null && last.goesOnWith(table) ? last : assigner(table);
  }

  /** What the last cycle knew of its queue, taken like {@link #lastAssigner}, else nothing. */
  private Carried lastCarried() {
    Carried last;
    synchronized (this) {
      last = carried;
      carried = null;
    }
    return last != null
        ? last
        : new Carried(new QueueScores(analyzer), new JobPlace[0], new Decision.JobRef[0]);
  }

  private synchronized void keep(Assigner assigner, Carried known) {
    kept = assigner;
    carried = known;
  }

  static String reason(Throwable e) {
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  static Decision.JobRef jobRef(PendingJob job) {
    var p = job.pipeline();
    return new Decision.JobRef(job.name(), job.stage(), p.project(), p.id(), p.ref());
  }
}
