package dev.runneriq.optimizer;

import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Learns from finished runs, every weight halving each half-life:
 *
 * <ul>
 *   <li>a runner's <b>health</b>: the share of its runs that did not fail by its own fault ({@link
 *       FailureReasons}), starting, with the weight of {@link LearnConfig#priorRuns} runs, from the
 *       fleet's (every runner's runs together, itself starting from the default success rate);
 *   <li>a runner's <b>speed</b>: how long its successful runs took against each job's median over
 *       the fleet (each duration first brought to a speed-1.0 runner by the runner's declared
 *       speed, so only what the declaration misses is learned), as a geometric mean that starts at
 *       1 with the same prior weight — the engine's {@link RunnerStats#durationFactor()};
 *   <li>a job's (project and name) <b>duration</b>, the median of its latest {@link
 *       LearnConfig#samplesPerJob} runs (the runner's fault aside), and its own <b>failure rate</b>
 *       — the engine's {@link JobHistory}.
 * </ul>
 *
 * <p>Differences smaller than run-to-run noise are not reported: a speed within {@link
 * #SPEED_NOISE} of the declared one is the declared one, a health within {@link #HEALTH_NOISE} of
 * the fleet's is the fleet's. {@link #apply} puts them into a snapshot. Thread-safe; each call is a
 * few map lookups and arithmetic (a job's median sorts its few latest samples, once after each new
 * one).
 */
public final class Learner {
  /** A job needs this many durations before a run of it says anything about a runner's speed. */
  static final int MIN_SAMPLES_FOR_SPEED = 3;

  /**
   * A learned speed within this share of the declared one is taken as the declared: CI run times
   * vary that much from run to run and with the mix of jobs a runner gets, and scoring such noise
   * moves work for nothing.
   */
  static final double SPEED_NOISE = 0.10;

  /**
   * A runner's health within this much (a share) of the fleet's is taken as the fleet's, for the
   * same reason: a point of success rate is five points of placement score.
   */
  static final double HEALTH_NOISE = 0.01;

  /**
   * The speed estimate starts from the declared speed with this many times the prior's runs: a
   * job's run times vary far more than runners fail, so a runner is called slow only on the
   * evidence of some dozens of runs (at twice the median, 20 runs make a factor of 1.4).
   */
  static final int SPEED_PRIOR_TIMES = 4;

  /** A single run moves the speed estimate by at most a factor of ten either way. */
  private static final double MAX_LOG_RATIO = Math.log(10);

  private final LearnConfig config;
  private final Map<Long, RunnerMemory> runners = new HashMap<>();

  /** Every runner's runs and faults together: the fleet's health, which each runner's starts at. */
  private final RunnerMemory fleet = new RunnerMemory();

  private final LinkedHashMap<JobKey, JobMemory> jobs;

  public Learner(LearnConfig config) {
    this.config = config;
    int max = config.maxJobs();
    this.jobs =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<JobKey, JobMemory> eldest) {
            return size() > max;
          }
        };
  }

  public LearnConfig config() {
    return config;
  }

  /** Folds one finished run in. A cancelled run (or any not success or failed) teaches nothing. */
  public synchronized void observe(Run run) {
    boolean counts = run.succeeded() || Run.FAILED.equals(run.status());
    if (!counts) {
      return;
    }
    long at = run.finishedAt().toEpochMilli();
    var key = new JobKey(run.project(), run.job());
    var job = jobs.get(key);
    Long runnerId = run.runnerId();
    if (runnerId != null) {
      var r = runners.computeIfAbsent(runnerId, id -> new RunnerMemory());
      double w = r.weigh(at, config);
      r.runs += w;
      double fw = fleet.weigh(at, config);
      fleet.runs += fw;
      if (run.runnersFault()) {
        r.faults += w;
        fleet.faults += fw;
      }
      if (run.succeeded() && job != null && job.size >= MIN_SAMPLES_FOR_SPEED) {
        double median = job.median();
        if (median > 0 && run.normalizedS() > 0) {
          double log = Math.log(run.normalizedS() / median);
          r.logRatioSum += w * Math.max(-MAX_LOG_RATIO, Math.min(MAX_LOG_RATIO, log));
          r.ratioRuns += w;
        }
      }
    }
    if (run.runnersFault()) {
      return; // the job did nothing wrong, and its run says nothing of its length
    }
    if (job == null) {
      job = new JobMemory(config.samplesPerJob());
      jobs.put(key, job);
    }
    double w = job.weigh(at, config);
    job.runs += w;
    if (run.jobsFault()) {
      job.failures += w;
    }
    job.add(run.normalizedS(), at);
  }

  /** What the runs so far say of a runner at {@code now}; null when none of its runs was seen. */
  public synchronized @Nullable RunnerStats runner(long runnerId, Instant now) {
    var r = runners.get(runnerId);
    if (r == null) {
      return null;
    }
    double d = config.decay(now.toEpochMilli() - r.asOf);
    double runs = r.runs * d;
    double prior = config.priorRuns();
    double fleetRate = fleetHealth(now);
    double ok = (runs - r.faults * d) + prior * fleetRate;
    double rate = runs + prior > 0 ? ok / (runs + prior) : fleetRate;
    if (Math.abs(rate - fleetRate) < HEALTH_NOISE) {
      rate = fleetRate;
    }
    double ratioRuns = r.ratioRuns * d + prior * SPEED_PRIOR_TIMES;
    double factor = ratioRuns > 0 ? Math.exp(r.logRatioSum * d / ratioRuns) : 1;
    if (Math.abs(factor - 1) < SPEED_NOISE) {
      factor = 1;
    }
    return new RunnerStats(
        Math.round(runs), Math.max(0, Math.min(1, rate)), Math.max(0.1, Math.min(10, factor)));
  }

  /**
   * The share of all runners' runs that did not fail by their runner's fault, starting from the
   * default success rate: where each runner's own health starts, so that a runner with few runs is
   * judged as the fleet is, not as worse than the busy ones.
   */
  public synchronized double fleetHealth(Instant now) {
    double d = fleet.asOf == Long.MIN_VALUE ? 1 : config.decay(now.toEpochMilli() - fleet.asOf);
    double prior = config.priorRuns();
    double runs = fleet.runs * d;
    return runs + prior > 0
        ? ((runs - fleet.faults * d) + prior * config.defaultSuccessRate()) / (runs + prior)
        : config.defaultSuccessRate();
  }

  /** What the runs so far say of a job at {@code now}; null when none of its runs was seen. */
  public synchronized @Nullable JobHistory job(String project, String job, Instant now) {
    var j = jobs.get(new JobKey(project, job));
    if (j == null || j.size == 0) {
      return null;
    }
    long at = now.toEpochMilli();
    double d = config.decay(at - j.asOf);
    double runs = j.runs * d;
    double failureRate = runs > 0 ? Math.max(0, Math.min(1, j.failures * d / runs)) : 0;
    return new JobHistory(Math.max(1, Math.round(runs)), j.median(), failureRate);
  }

  /**
   * The snapshot with what was learned: every runner seen run gets its learned stats; every job
   * without a history of its own (a context file may carry one) gets its learned history.
   */
  public Snapshot apply(Snapshot s) {
    var rs = new ArrayList<Runner>(s.runners().size());
    for (var r : s.runners()) {
      var stats = runner(r.id(), s.now());
      rs.add(stats == null ? r : r.withStats(stats));
    }
    var js = new ArrayList<PendingJob>(s.jobs().size());
    for (var j : s.jobs()) {
      js.add(withHistory(j, s.now()));
    }
    return new Snapshot(s.now(), rs, js, s.carbon(), s.forecast(), s.calibration());
  }

  /** {@code job} with its learned history, unless it has one of its own or none was learned. */
  public PendingJob withHistory(PendingJob job, Instant now) {
    if (job.history() != null) {
      return job;
    }
    var h = job(job.pipeline().project(), job.name(), now);
    return h == null ? job : job.withHistory(h);
  }

  /** Everything learned, for the store. */
  public synchronized LearnedState state() {
    var rs = new ArrayList<LearnedState.RunnerState>(runners.size());
    runners.forEach(
        (id, r) ->
            rs.add(
                new LearnedState.RunnerState(
                    id,
                    r.runs,
                    r.faults,
                    r.logRatioSum,
                    r.ratioRuns,
                    Instant.ofEpochMilli(r.asOf))));
    var js = new ArrayList<LearnedState.JobState>(jobs.size());
    jobs.forEach(
        (k, j) ->
            js.add(
                new LearnedState.JobState(
                    k.project,
                    k.job,
                    j.runs,
                    j.failures,
                    Instant.ofEpochMilli(j.asOf),
                    j.samples())));
    return new LearnedState(rs, js);
  }

  /** Takes up a stored state in place of what this learner knew of the same runners and jobs. */
  public synchronized void restore(LearnedState state) {
    for (var s : state.runners()) {
      var r = new RunnerMemory();
      r.runs = s.runs();
      r.faults = s.faults();
      r.logRatioSum = s.logRatioSum();
      r.ratioRuns = s.ratioRuns();
      r.asOf = s.asOf().toEpochMilli();
      runners.put(s.runnerId(), r);
      double w = fleet.weigh(r.asOf, config);
      fleet.runs += w * r.runs;
      fleet.faults += w * r.faults;
    }
    for (var s : state.jobs()) {
      var j = new JobMemory(config.samplesPerJob());
      j.runs = s.runs();
      j.failures = s.failures();
      j.asOf = s.asOf().toEpochMilli();
      s.samples().stream()
          .sorted((a, b) -> a.at().compareTo(b.at()))
          .forEach(x -> j.add(x.durationS(), x.at().toEpochMilli()));
      jobs.put(new JobKey(s.project(), s.job()), j);
    }
  }

  private record JobKey(String project, String job) {}

  /** Sums that decay together: each weighs a new run and moves the sums to its time. */
  private abstract static class Decaying {
    long asOf = Long.MIN_VALUE;

    /**
     * The weight of a run at {@code at}: 1, after the sums are decayed to {@code at}; a run older
     * than the sums' moment weighs what it has decayed by since.
     */
    final double weigh(long at, LearnConfig config) {
      if (asOf == Long.MIN_VALUE) {
        asOf = at;
        return 1;
      }
      if (at < asOf) {
        return config.decay(asOf - at);
      }
      scale(config.decay(at - asOf));
      asOf = at;
      return 1;
    }

    abstract void scale(double factor);
  }

  private static final class RunnerMemory extends Decaying {
    double runs;
    double faults;
    double logRatioSum;
    double ratioRuns;

    @Override
    void scale(double f) {
      runs *= f;
      faults *= f;
      logRatioSum *= f;
      ratioRuns *= f;
    }
  }

  private static final class JobMemory extends Decaying {
    double runs;
    double failures;
    final double[] durations;
    final long[] ats;
    int size;
    int next;
    double median = Double.NaN;

    JobMemory(int capacity) {
      durations = new double[capacity];
      ats = new long[capacity];
    }

    @Override
    void scale(double f) {
      runs *= f;
      failures *= f;
    }

    /** Keeps the latest durations: a new one takes the oldest's place when full. */
    void add(double seconds, long at) {
      durations[next] = seconds;
      ats[next] = at;
      next = (next + 1) % durations.length;
      size = Math.min(size + 1, durations.length);
      median = Double.NaN;
    }

    /** The median of the latest durations; sorted again only after a new one came. */
    double median() {
      if (Double.isNaN(median)) {
        var sorted = Arrays.copyOf(durations, size);
        Arrays.sort(sorted);
        median = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
      }
      return median;
    }

    List<LearnedState.Sample> samples() {
      var out = new ArrayList<LearnedState.Sample>(size);
      for (int i = 0; i < size; i++) {
        out.add(new LearnedState.Sample(durations[i], Instant.ofEpochMilli(ats[i])));
      }
      return out;
    }
  }
}
