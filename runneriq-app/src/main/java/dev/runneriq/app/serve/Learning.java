package dev.runneriq.app.serve;

import dev.runneriq.app.config.OptimizerConfig;
import dev.runneriq.app.http.Insights;
import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.monitor.Outcomes;
import dev.runneriq.optimizer.Honesty;
import dev.runneriq.optimizer.LearnedReading;
import dev.runneriq.optimizer.LearnedState;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.optimizer.Run;
import dev.runneriq.store.LearnedStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The service's Optimizer: learns from every job GitLab shows finished (Job and Pipeline Hooks, job
 * listings, and at start each project's finished jobs of the last {@code optimizer.backfill_days})
 * and puts what it learned into each snapshot the engine decides on. A job is learned from once,
 * however many sources show it. What was learned is kept by a {@link Keeper} (the store) every few
 * minutes and on close, and taken up again at start; the backfill then reads only what finished
 * after it.
 */
final class Learning implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Learning.class.getName());

  /** Job ids remembered as learned from, against a job shown by a hook and a listing. */
  private static final int SEEN = 200_000;

  static final Duration SAVE_EVERY = Duration.ofMinutes(5);

  /**
   * How often what was learned is read again for the snapshots the engine decides on (see {@link
   * LearnedReading}: in between, the engine is handed the records of its last cycle).
   */
  static final Duration APPLY_EVERY = Duration.ofMinutes(1);

  /** How often the calibration is worked out again from what the pending jobs claimed. */
  static final Duration CALIBRATE_EVERY = Duration.ofSeconds(30);

  /**
   * The backfill's pause between two projects: it shares GitLab's request budget with the polls,
   * which come first.
   */
  static final Duration BACKFILL_PACE = Duration.ofMillis(500);

  /** Where what was learned is kept between runs. */
  interface Keeper {
    LearnedState load();

    void save(LearnedState state);
  }

  /** Kept in the audit log's database ({@code learned_runners}, {@code learned_jobs}). */
  static Keeper keptIn(LearnedStore store) {
    return new Keeper() {
      @Override
      public LearnedState load() {
        return store.load();
      }

      @Override
      public void save(LearnedState state) {
        store.save(state);
      }
    };
  }

  private final Learner learner;
  private final @Nullable Honesty honesty;
  private volatile Calibration calibration = Calibration.NONE;
  private long calibratedAtMs = Long.MIN_VALUE;
  private volatile @Nullable Insights insights;
  private volatile long insightsAtMs;
  private final OptimizerConfig config;
  private final InstantSource clock;
  // what was learned as last read, for the control loop's thread alone
  private final LearnedReading reading;
  private final @Nullable Keeper keeper;
  private final Map<Long, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > SEEN;
        }
      };
  private final CountDownLatch firstSnapshot = new CountDownLatch(1);
  private final AtomicLong observed = new AtomicLong();
  private final AtomicLong backfilled = new AtomicLong();
  private volatile Map<Long, Double> speeds = Map.of();
  private volatile @Nullable Instant restoredUpTo;
  private volatile boolean running = true;
  private volatile @Nullable Thread worker;

  /**
   * @param analyzer the engine's, for the tier each pending job had as it became pending
   */
  Learning(
      OptimizerConfig config, Analyzer analyzer, InstantSource clock, @Nullable Keeper keeper) {
    this.config = config;
    this.clock = clock;
    this.keeper = keeper;
    this.learner = new Learner(config.learn());
    this.reading = new LearnedReading(learner, APPLY_EVERY);
    this.honesty = config.honesty() == null ? null : new Honesty(config.honesty(), analyzer);
    if (keeper != null) {
      try {
        var state = keeper.load();
        learner.restore(state);
        restoredUpTo = newest(state);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "what the optimizer learned before could not be read; learning afresh: "
                + e.getMessage());
      }
    }
  }

  Learner learner() {
    return learner;
  }

  /** Finished jobs learned from so far (the backfill's among them). */
  long observed() {
    return observed.get();
  }

  /** Finished jobs the backfill read. */
  long backfilled() {
    return backfilled.get();
  }

  /**
   * A job GitLab showed: learned from once it has finished, with its project, name and run time.
   */
  void onOutcome(JobOutcome o) {
    if (!Run.SUCCESS.equals(o.status()) && !Run.FAILED.equals(o.status())) {
      return;
    }
    String project = o.project();
    String name = o.name();
    Double duration = o.durationS();
    if (project == null || name == null || duration == null || !(duration >= 0)) {
      return;
    }
    synchronized (seen) {
      if (seen.put(o.jobId(), Boolean.TRUE) != null) {
        return;
      }
    }
    Long runner = o.runnerId();
    double speed = runner == null ? 1 : speeds.getOrDefault(runner, 1.0);
    Instant at = o.finishedAt() != null ? o.finishedAt() : clock.instant();
    learner.observe(
        new Run(project, name, runner, o.status(), o.failureReason(), duration, speed, at));
    observed.incrementAndGet();
  }

  /**
   * The snapshot with each runner's learned health and speed, each job's learned history, and the
   * calibration of the projects whose claims stand out (each pending job is counted once; the
   * calibration is worked out again at most every {@link #CALIBRATE_EVERY}).
   */
  Snapshot apply(Snapshot s) {
    var h = honesty;
    if (h != null) {
      for (var j : s.jobs()) {
        h.observe(j, s.now());
      }
      long now = s.now().toEpochMilli();
      if (calibratedAtMs == Long.MIN_VALUE || now - calibratedAtMs >= CALIBRATE_EVERY.toMillis()) {
        calibratedAtMs = now;
        calibration = h.calibration(s.now());
      }
      s = s.withCalibration(calibration);
    }
    var m = new HashMap<Long, Double>(s.runners().size() * 2);
    for (Runner r : s.runners()) {
      m.put(r.id(), r.speed());
    }
    speeds = m;
    if (!s.runners().isEmpty()) {
      firstSnapshot.countDown();
    }
    return reading.apply(s, observed.get());
  }

  /**
   * Starts the worker: once the first snapshot tells the runners' declared speeds, reads the
   * scope's finished jobs back to the backfill's start, then keeps what was learned every few
   * minutes.
   */
  Learning start(GitLabClient client, ScopeConfig scope) {
    var t =
        Thread.ofVirtual()
            .name("runneriq-optimizer")
            .start(
                () -> {
                  try {
                    if (firstSnapshot.await(2, TimeUnit.MINUTES)) {
                      backfill(client, scope);
                    }
                    while (running) {
                      Thread.sleep(SAVE_EVERY);
                      save();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    worker = t;
    return this;
  }

  /**
   * What was learned, for the API and the dashboard, as the snapshot's runners have it; worked out
   * again at most every {@link #CALIBRATE_EVERY}, though every cycle asks.
   */
  Insights insights(Snapshot s) {
    long now = s.now().toEpochMilli();
    var cached = insights;
    if (cached != null && now >= insightsAtMs && now - insightsAtMs < CALIBRATE_EVERY.toMillis()) {
      return cached; // each cycle asks; a runner's figures move slowly
    }
    insightsAtMs = now;
    insights = compute(s);
    return insights;
  }

  private Insights compute(Snapshot s) {
    double fleet = learner.fleetHealth(s.now());
    var runners = new ArrayList<Insights.RunnerInsight>();
    for (var r : s.runners()) {
      var stats = learner.runner(r.id(), s.now());
      if (stats == null) {
        continue;
      }
      runners.add(
          new Insights.RunnerInsight(
              r.id(),
              r.name(),
              stats.jobs(),
              stats.successRate(),
              stats.durationFactor(),
              Insights.flags(stats, fleet)));
    }
    var h = honesty;
    return new Insights(
        observed.get(), backfilled.get(), fleet, runners, h == null ? List.of() : h.flags(s.now()));
  }

  /** Each project's finished jobs since the backfill's start, or since what was kept last. */
  void backfill(GitLabClient client, ScopeConfig scope) {
    if (config.backfill().isZero() || config.backfillJobs() == 0) {
      return;
    }
    Instant since = clock.instant().minus(config.backfill());
    Instant kept = restoredUpTo;
    if (kept != null && kept.isAfter(since)) {
      since = kept;
    }
    try {
      for (var project : client.projects(scope, (what, e) -> {})) {
        if (!running) {
          return;
        }
        try {
          for (var j : client.finishedJobs(project.path(), since, config.backfillJobs())) {
            onOutcome(Outcomes.of(j, null, project.path()));
            backfilled.incrementAndGet();
          }
        } catch (GitLabApiException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "optimizer backfill skips project " + project.path() + ": " + e.getMessage());
        }
        try {
          Thread.sleep(BACKFILL_PACE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      LOG.log(
          System.Logger.Level.INFO,
          "optimizer backfill read " + backfilled.get() + " finished jobs since " + since);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "optimizer backfill stopped: " + e.getMessage());
    }
  }

  /** Keeps what was learned; a failure is logged and tried again at the next save. */
  void save() {
    var k = keeper;
    if (k == null) {
      return;
    }
    try {
      k.save(learner.state());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "what the optimizer learned could not be kept (tried again in "
              + SAVE_EVERY.toMinutes()
              + " min): "
              + e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    var t = worker;
    if (t != null) {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    save();
  }

  private static @Nullable Instant newest(LearnedState state) {
    return Stream.concat(
            state.runners().stream().map(LearnedState.RunnerState::asOf),
            state.jobs().stream().map(LearnedState.JobState::asOf))
        .max(Instant::compareTo)
        .orElse(null);
  }
}
