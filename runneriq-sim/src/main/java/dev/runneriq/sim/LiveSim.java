package dev.runneriq.sim;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
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
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One simulation run that follows a clock instead of racing to the end: the world as GitLab would
 * show it at any moment, with runners taking jobs in GitLab's own order (fair scheduling, the
 * simulator's dispatch). Every change of a job's state is told to a listener, for webhooks.
 * GitLab's job writes (play, cancel, retry) act on it at once and answer as GitLab would.
 *
 * <p>In gate mode ({@link #gated}) the CI template holds the jobs of opted-in projects as GitLab
 * holds {@code when: delayed} jobs (status {@code scheduled}); RunnerIQ never acts by itself here:
 * a play from outside, or the job's floor, makes a held job pending. Thread-safe: every method
 * holds the run's lock.
 */
public final class LiveSim {
  /**
   * One job as GitLab shows it now.
   *
   * @param when as GitLab shows it: {@code delayed} for a job the gate template holds
   * @param user who runs it when not the pipeline's user (whoever played or retried it), else null
   */
  public record JobState(
      TraceJob job,
      long projectId,
      String status,
      Instant createdAt,
      @Nullable Instant pendingAt,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable Runner runner,
      String when,
      @Nullable String user) {

    /** Seconds it waited (so far, while pending), as GitLab's {@code queued_duration}. */
    public @Nullable Double queuedSeconds(Instant now) {
      if (pendingAt == null) {
        return null;
      }
      Instant until = startedAt != null ? startedAt : now;
      return Math.max(0, until.toEpochMilli() - pendingAt.toEpochMilli()) / 1000.0;
    }
  }

  /**
   * Gate mode: the template's floors, and which projects (by path) use the template.
   *
   * @param model the floors; RunnerIQ's own plays, k and preemption play no part here
   */
  public record Gate(GateModel model, Predicate<String> projects) {
    /** Every project opted in. */
    public static Gate everyProject(GateModel model) {
      return new Gate(model, p -> true);
    }
  }

  /** What GitLab answers a write. */
  public sealed interface Answer {
    /** Done: the job as GitLab shows it after the write (for a retry, the new job). */
    record Done(JobState job) implements Answer {}

    /** Refused, with GitLab's status and message. */
    record Refused(int status, String message) implements Answer {}
  }

  private final World w;
  private final Simulation sim;
  private final Instant start;
  private final TreeSet<Integer> pending = new TreeSet<>();
  private final TreeSet<Integer> running = new TreeSet<>();

  /** The running jobs by runner id, so that a runner's jobs are found without a scan. */
  private final java.util.Map<Long, TreeSet<Integer>> runningOn = new java.util.HashMap<>();

  private final java.util.Map<Integer, Long> runnerOf = new java.util.HashMap<>();

  private final java.util.Map<Long, Runner> runnersById = new java.util.HashMap<>();
  private final TreeSet<Integer> scheduled = new TreeSet<>();
  private final java.util.Map<Long, Integer> index = new java.util.HashMap<>();
  private final java.util.Map<Long, Integer> pipelines = new java.util.HashMap<>();
  private final @Nullable GatePolicy gate;
  private final @Nullable GitLabWrites writes;
  private final LiveJobs jobs;

  /**
   * The ids of the jobs that ran to their end, per project id, the newest last; {@link
   * #FINISHED_KEPT} each.
   */
  private final java.util.Map<Long, java.util.ArrayDeque<Long>> finished =
      new java.util.HashMap<>();

  /** Finished jobs kept per project, as a page of GitLab's job list would show them. */
  public static final int FINISHED_KEPT = 100;

  private int finishedKept = FINISHED_KEPT;

  private volatile Consumer<JobState> changes = s -> {};

  /**
   * @param policy {@code fair} (GitLab's order for instance runners) or {@code fifo}
   */
  public LiveSim(Trace trace, List<Runner> fleet, CarbonSeries carbon, String policy, long seed) {
    this(trace, Fleet.of(fleet), carbon, policy, seed);
  }

  /**
   * As {@link #LiveSim(Trace, List, CarbonSeries, String, long)}, with what the fleet file tells
   * the simulator (runners that fail jobs by their own fault).
   */
  public LiveSim(Trace trace, Fleet fleet, CarbonSeries carbon, String policy, long seed) {
    this(trace, fleet, carbon, (simulator, w) -> simulator.policies().get(policy), seed);
  }

  /**
   * A run in gate mode: the jobs of {@code gate}'s projects are held as the CI template holds them,
   * until a play or their floor; GitLab's {@code fair} dispatch places what is pending.
   */
  public static LiveSim gated(
      Trace trace, List<Runner> fleet, CarbonSeries carbon, Gate gate, long seed) {
    var model = gate.model().withPreemption(null);
    return new LiveSim(
        trace,
        Fleet.of(fleet),
        carbon,
        (simulator, w) ->
            s ->
                new GatePolicy(
                    s,
                    simulator.engine(),
                    model,
                    t -> false,
                    j -> gate.projects().test(w.projects[w.projectOf[j]])),
        seed);
  }

  private LiveSim(
      Trace trace,
      Fleet fleet,
      CarbonSeries carbon,
      BiFunction<Simulator, World, Policy.Factory> policy,
      long seed) {
    var simulator = new Simulator(EngineConfig.DEFAULT);
    this.w = simulator.world(trace, fleet, carbon);
    this.sim = new Simulation(w, policy.apply(simulator, w), seed, Simulation.Progress.NONE);
    this.start = w.start();
    this.gate = sim.policy instanceof GatePolicy g ? g : null;
    this.writes = GitLabWrites.of(sim);
    this.jobs = new LiveJobs(sim, gate, start);
    for (int j = 0; j < w.jobs.length; j++) {
      index.put(w.jobs[j].spec().id(), j);
      pipelines.putIfAbsent(w.jobs[j].spec().pipeline().id(), j);
    }
    for (var r : w.runners) {
      runnersById.putIfAbsent(r.id(), r);
    }
    sim.listener(new Changes());
  }

  /** Keeps the lists of jobs by state, and tells each change. */
  private final class Changes implements Simulation.Listener {
    @Override
    public void pending(int job, long now) {
      jobs.pendingAgain(job);
      (gate != null && gate.scheduled(job) ? scheduled : pending).add(job);
      tell(job);
    }

    /**
     * The run failed by its runner's fault: GitLab shows that job failed, and its automatic retry
     * is a new job at the same index (unless the retries are spent: then the job itself ends).
     */
    @Override
    public void runnerFailed(int job, int runner, long now) {
      if (sim.attempts(job) > Simulation.MAX_RETRIES) {
        return; // the job ends failed: ended() tells it
      }
      var s = jobs.state(job);
      var failed =
          new JobState(
              s.job(),
              s.projectId(),
              "failed",
              s.createdAt(),
              s.pendingAt(),
              s.startedAt(),
              start.plusMillis(now),
              s.runner(),
              s.when(),
              s.user());
      stopRunning(job);
      keepFinished(job, s.job().id());
      jobs.renew(job, failed, now, s.user());
      index.put(jobs.job(job).id(), job);
      changes.accept(failed);
    }

    @Override
    public void released(int job, long now) {
      jobs.released(job, now);
      scheduled.remove(job);
      pending.add(job);
      tell(job);
    }

    @Override
    public void started(int job, int runner, long now) {
      pending.remove(job);
      running.add(job);
      long id = w.runners[runner].id();
      runningOn.computeIfAbsent(id, r -> new TreeSet<>()).add(job);
      runnerOf.put(job, id);
      tell(job);
    }

    @Override
    public void ended(int job, boolean ran, long now) {
      stopRunning(job);
      pending.remove(job);
      scheduled.remove(job);
      if (ran || sim.canceled(job)) {
        keepFinished(job, jobs.job(job).id());
        tell(job);
      }
    }
  }

  private void stopRunning(int job) {
    running.remove(job);
    Long id = runnerOf.remove(job);
    var on = id == null ? null : runningOn.get(id);
    if (on != null) {
      on.remove(job);
    }
  }

  /** Keeps {@code id} among the finished jobs of the project of the job at {@code job}. */
  private void keepFinished(int job, long id) {
    var kept = finished.computeIfAbsent(w.projectOf[job] + 1L, k -> new java.util.ArrayDeque<>());
    kept.addLast(id);
    if (kept.size() > finishedKept) {
      kept.removeFirst();
    }
  }

  /**
   * Keeps the last {@code most} finished jobs of each project instead of {@link #FINISHED_KEPT}: a
   * history to read back ({@code runneriq replay}). Call before the run advances.
   */
  public synchronized LiveSim keepFinished(int most) {
    if (most < 1) {
      throw new IllegalArgumentException("most must be at least 1, but was " + most);
    }
    this.finishedKept = most;
    return this;
  }

  /** Told of every job that becomes pending, starts or finishes, under the run's lock. */
  public void onChange(Consumer<JobState> listener) {
    this.changes = listener;
  }

  private void tell(int job) {
    changes.accept(jobs.state(job));
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

  /** One runner of the fleet by id. */
  public synchronized Optional<Runner> runner(long runnerId) {
    return Optional.ofNullable(runnersById.get(runnerId));
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

  /** Jobs pending in GitLab, held ones aside. */
  public synchronized List<JobState> pendingJobs() {
    return states(pending);
  }

  /** Jobs held by the gate template (status {@code scheduled}); none without gate mode. */
  public synchronized List<JobState> scheduledJobs() {
    return states(scheduled);
  }

  public synchronized List<JobState> runningJobs() {
    return states(running);
  }

  /** The jobs running on one runner, as {@code /runners/:id/jobs?status=running} lists them. */
  public synchronized List<JobState> runningJobs(long runnerId) {
    var on = runningOn.get(runnerId);
    return on == null ? List.of() : states(on);
  }

  /** The project's jobs that finished, newest first, at most {@link #keepFinished} of them. */
  public synchronized List<JobState> finishedJobs(long projectId) {
    var kept = finished.get(projectId);
    var out = new ArrayList<JobState>();
    if (kept != null) {
      kept.descendingIterator().forEachRemaining(id -> job(id).ifPresent(out::add));
    }
    return out;
  }

  /** A job by id, whatever its state; a retried job as it was when retried. */
  public synchronized Optional<JobState> job(long id) {
    var old = jobs.retired(id);
    if (old != null) {
      return Optional.of(old);
    }
    Integer j = index.get(id);
    return j == null ? Optional.empty() : Optional.of(jobs.state(j));
  }

  /** A job of the pipeline with this id, whatever its state; empty for an unknown pipeline. */
  public synchronized Optional<JobState> pipelineJob(long pipelineId) {
    Integer j = pipelines.get(pipelineId);
    return j == null ? Optional.empty() : Optional.of(jobs.state(j));
  }

  /** Every job of the pipeline with this id (the latest of retried ones), in order. */
  public synchronized List<JobState> pipelineJobs(long pipelineId) {
    Integer j = pipelines.get(pipelineId);
    var out = new ArrayList<JobState>();
    if (j != null) {
      for (int k : w.pipelineJobs[w.pipelineOf[j]]) {
        out.add(jobs.state(k));
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
      long at = jobs.pendingAt(j);
      if (at > a && at <= b) {
        out.add(jobs.state(j));
      }
    }
    return out;
  }

  /**
   * A job that became ready: its stage or needs done (and a delay of its own over), so that it
   * could have started. In gate mode a held job is ready from when the template held it, not from
   * its play or floor, so that its wait counts the time held.
   *
   * @param readyAt when it became ready (for a played manual or retried job, when it ran again)
   * @param byFloor held by the template, and made pending by its floor rather than a play
   */
  public record Ready(JobState job, Instant readyAt, boolean byFloor) {}

  /** The jobs that became ready after {@code from} and no later than {@code to}, held or not. */
  public synchronized List<Ready> becameReady(Instant from, Instant to) {
    long a = from.toEpochMilli() - start.toEpochMilli();
    long b = to.toEpochMilli() - start.toEpochMilli();
    var out = new ArrayList<Ready>();
    for (int j = 0; j < w.jobs.length; j++) {
      long at = sim.pendingAt[j]; // -1 while not ready
      if (at >= 0 && at > a && at <= b) {
        out.add(new Ready(jobs.state(j), start.plusMillis(at), gate != null && gate.byFloor(j)));
      }
    }
    return out;
  }

  /**
   * GitLab's play ({@code POST /projects/:id/jobs/:job_id/play}): a held ({@code scheduled}) or
   * {@code manual} job is pending at once and runs as {@code user}; any other is "Unplayable Job".
   */
  public synchronized Answer play(long jobId, String user) {
    return write(
        jobId,
        (j, s) -> {
          if (!s.status().equals("scheduled") && !s.status().equals("manual")) {
            return new Answer.Refused(400, "400 Bad request - Unplayable Job");
          }
          jobs.user(j, user);
          writes().play(j, sim.now());
          return new Answer.Done(jobs.state(j));
        });
  }

  /**
   * GitLab's cancel: a created, pending, running, held or manual job ends {@code canceled} (a
   * running one frees its runner's slot); GitLab answers any other job as it is, unchanged.
   */
  public synchronized Answer cancel(long jobId) {
    return write(
        jobId,
        (j, s) -> {
          if (!CANCELABLE.contains(s.status())) {
            return new Answer.Done(s); // GitLab's cancel event does nothing to it
          }
          writes().cancel(j, sim.now());
          return new Answer.Done(jobs.state(j));
        });
  }

  /**
   * GitLab's retry: a job that ended {@code success}, {@code failed} or {@code canceled} (and was
   * not retried before) runs again as a new job, with a new id, pending at once and run as {@code
   * user}; any other is "Job is not retryable".
   */
  public synchronized Answer retry(long jobId, String user) {
    if (jobs.retired(jobId) != null) {
      return new Answer.Refused(403, NOT_RETRYABLE);
    }
    return write(
        jobId,
        (j, s) -> {
          if (!RETRYABLE.contains(s.status())) {
            return new Answer.Refused(403, NOT_RETRYABLE);
          }
          jobs.renew(j, s, sim.now(), user);
          index.put(jobs.job(j).id(), j);
          writes().retry(j, sim.now());
          return new Answer.Done(jobs.state(j));
        });
  }

  private static final java.util.Set<String> CANCELABLE =
      java.util.Set.of("created", "pending", "running", "scheduled", "manual");
  private static final java.util.Set<String> RETRYABLE =
      java.util.Set.of("success", "failed", "canceled");
  private static final String NOT_RETRYABLE = "403 Forbidden - Job is not retryable";

  /** One write to a job GitLab shows now: the job's index and state to what GitLab answers. */
  private interface Write {
    Answer apply(int job, JobState state);
  }

  /**
   * Runs {@code write} on the job with {@code jobId} (a retried one is shown as it was, and its
   * index holds its retry): GitLab's 404 for a job it does not show (unknown, or of a pipeline not
   * yet created); then GitLab's dispatch places what is pending.
   */
  private Answer write(long jobId, Write write) {
    var s = job(jobId).orElse(null);
    Integer j = index.get(jobId);
    if (s == null || j == null || s.createdAt().isAfter(now())) {
      return new Answer.Refused(404, "404 Job Not Found");
    }
    var answer = write.apply(j, s);
    sim.dispatchNow();
    return answer;
  }

  private GitLabWrites writes() {
    if (writes == null) {
      throw new IllegalStateException("this run's policy is not GitLab's dispatch; no writes");
    }
    return writes;
  }

  private List<JobState> states(SortedSet<Integer> set) {
    var out = new ArrayList<JobState>(set.size());
    set.forEach(j -> out.add(jobs.state(j)));
    return out;
  }
}
