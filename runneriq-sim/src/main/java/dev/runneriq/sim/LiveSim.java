package dev.runneriq.sim;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.carbon.SeriesForecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One simulation run that follows a clock instead of racing to the end: the world as GitLab would
 * show it at any moment, with runners taking jobs in GitLab's own order (fair scheduling, the
 * simulator's dispatch). Every change of a job's state is told to a listener, for webhooks.
 * Thread-safe: every method holds the run's lock.
 */
public final class LiveSim {
  /** One job as GitLab shows it now. */
  public record JobState(
      TraceJob job,
      long projectId,
      String status,
      Instant createdAt,
      @Nullable Instant pendingAt,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Runner runner) {

    /** Seconds it waited (so far, while pending), as GitLab's {@code queued_duration}. */
    public @Nullable Double queuedSeconds(Instant now) {
      if (pendingAt == null) {
        return null;
      }
      Instant until = startedAt != null ? startedAt : now;
      return Math.max(0, until.toEpochMilli() - pendingAt.toEpochMilli()) / 1000.0;
    }
  }

  private final World w;
  private final Simulation sim;
  private final Instant start;
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final TreeSet<Integer> running = new TreeSet<>();
  private final java.util.Map<Long, Integer> index = new java.util.HashMap<>();
  private final java.util.Map<Long, Integer> pipelines = new java.util.HashMap<>();

  /**
   * The jobs that ran to their end, per project id, the newest last; {@link #FINISHED_KEPT} each.
   */
  private final java.util.Map<Long, java.util.ArrayDeque<Integer>> finished =
      new java.util.HashMap<>();

  /** Finished jobs kept per project, as a page of GitLab's job list would show them. */
  public static final int FINISHED_KEPT = 100;

  private volatile Consumer<JobState> changes = s -> {};

  /**
   * @param policy {@code fair} (GitLab's order for instance runners) or {@code fifo}
   */
  public LiveSim(Trace trace, List<Runner> fleet, CarbonSeries carbon, String policy, long seed) {
    var simulator = new Simulator(EngineConfig.DEFAULT);
    this.w = simulator.world(trace, fleet, carbon);
    this.sim = new Simulation(w, simulator.policies().get(policy), seed, Simulation.Progress.NONE);
    this.start = w.start();
    for (int j = 0; j < w.jobs.length; j++) {
      index.put(w.jobs[j].spec().id(), j);
      pipelines.putIfAbsent(w.jobs[j].spec().pipeline().id(), j);
    }
    sim.listener(
        new Simulation.Listener() {
          @Override
          public void pending(int job, long now) {
            pending.add(job);
            tell(job);
          }

          @Override
          public void started(int job, int runner, long now) {
            pending.remove(job);
            running.add(job);
            tell(job);
          }

          @Override
          public void ended(int job, boolean ran, long now) {
            running.remove(job);
            if (ran) {
              var kept =
                  finished.computeIfAbsent(
                      w.projectOf[job] + 1L, k -> new java.util.ArrayDeque<>());
              kept.addLast(job);
              if (kept.size() > FINISHED_KEPT) {
                kept.removeFirst();
              }
              tell(job);
            }
          }
        });
  }

  /** Told of every job that becomes pending, starts or finishes, under the run's lock. */
  public void onChange(Consumer<JobState> listener) {
    this.changes = listener;
  }

  private void tell(int job) {
    changes.accept(state(job));
  }

  /**
   * The world's carbon series as a grid would show it, aligned with the trace as the simulation
   * aligns it (a whole-week shift), forecasting with {@code error} where the series has no forecast
   * rows of its own.
   */
  public SeriesForecast grid(ForecastError error, Duration horizon) {
    return new SeriesForecast(w.carbon(), w.shiftWeeks(), error, true, horizon);
  }

  /** When the world begins (its first pipeline's day). */
  public Instant start() {
    return start;
  }

  /** Runs the world up to {@code t}. */
  public synchronized void advanceTo(Instant t) {
    sim.advanceTo(Math.max(0, t.toEpochMilli() - start.toEpochMilli()));
  }

  public synchronized Instant now() {
    return start.plusMillis(sim.now());
  }

  /** The fleet, each runner with the jobs running on it now. */
  public synchronized List<Runner> runners() {
    return List.of(w.runners);
  }

  public synchronized int runningOn(long runnerId) {
    for (int r = 0; r < w.runners.length; r++) {
      if (w.runners[r].id() == runnerId) {
        return sim.running(r);
      }
    }
    return 0;
  }

  /** The projects by path; a project's id is its position plus one. */
  public synchronized List<String> projects() {
    return List.of(w.projects);
  }

  public synchronized List<JobState> pendingJobs() {
    return states(pending);
  }

  public synchronized List<JobState> runningJobs() {
    return states(running);
  }

  /** The project's jobs that finished, newest first, at most {@link #FINISHED_KEPT}. */
  public synchronized List<JobState> finishedJobs(long projectId) {
    var kept = finished.get(projectId);
    var out = new ArrayList<JobState>();
    if (kept != null) {
      kept.descendingIterator().forEachRemaining(j -> out.add(state(j)));
    }
    return out;
  }

  public synchronized Optional<JobState> job(long id) {
    Integer j = index.get(id);
    return j == null ? Optional.empty() : Optional.of(state(j));
  }

  /** A job of the pipeline with this id, whatever its state; empty for an unknown pipeline. */
  public synchronized Optional<JobState> pipelineJob(long pipelineId) {
    Integer j = pipelines.get(pipelineId);
    return j == null ? Optional.empty() : Optional.of(state(j));
  }

  /** Every job of the pipeline with this id, in the pipeline's order; empty when unknown. */
  public synchronized List<JobState> pipelineJobs(long pipelineId) {
    Integer j = pipelines.get(pipelineId);
    var out = new ArrayList<JobState>();
    if (j != null) {
      for (int k : w.pipelineJobs[w.pipelineOf[j]]) {
        out.add(state(k));
      }
    }
    return out;
  }

  /** The jobs that became pending after {@code from} and no later than {@code to}, by id. */
  public synchronized List<JobState> becamePending(Instant from, Instant to) {
    long a = from.toEpochMilli() - start.toEpochMilli();
    long b = to.toEpochMilli() - start.toEpochMilli();
    var out = new ArrayList<JobState>();
    for (int j = 0; j < w.jobs.length; j++) {
      long at = sim.pendingAt[j];
      if (at > a && at <= b) {
        out.add(state(j));
      }
    }
    return out;
  }

  private List<JobState> states(SortedSet<Integer> jobs) {
    var out = new ArrayList<JobState>(jobs.size());
    jobs.forEach(j -> out.add(state(j)));
    return out;
  }

  private JobState state(int j) {
    int r = sim.runnerOf[j];
    String status;
    if (sim.endAt[j] >= 0) {
      status = !sim.ran(j) ? "skipped" : w.fails[j] ? "failed" : "success";
    } else if (sim.startAt[j] >= 0) {
      status = "running";
    } else if (sim.pendingAt[j] >= 0) {
      status = "pending";
    } else {
      status = "created";
    }
    return new JobState(
        w.jobs[j],
        w.projectOf[j] + 1L,
        status,
        start.plusMillis(w.createdMs[w.pipelineOf[j]]),
        at(sim.pendingAt[j]),
        at(sim.startAt[j]),
        sim.ran(j) ? at(sim.endAt[j]) : null,
        r < 0 ? null : w.runners[r]);
  }

  private @Nullable Instant at(long ms) {
    return ms < 0 ? null : start.plusMillis(ms);
  }
}
