package dev.runneriq.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One run of one policy over a {@link World}: a discrete-event loop over pipeline creations,
 * delayed jobs becoming pending and jobs finishing. Jobs become pending when everything they depend
 * on has ended; a failed job (without {@code allow_failure}) skips the jobs that depend on it, and
 * on down the line, except {@code when: always} jobs; {@code manual} jobs are not run. After all
 * the events of one instant the policy dispatches once.
 *
 * <p>A runner with a {@code system_failure_rate} fails some of the runs it takes by its own fault
 * ({@code runner_system_failure}): whether an attempt fails is drawn from the seed, the job's id
 * and the attempt, so a job fails alike under every policy. Such a run ends after half its run
 * time, wasted, and GitLab's automatic retry ({@code retry: {max: 2, when: runner_system_failure}})
 * makes the job pending again at once; a third such failure ends it failed.
 */
public final class Simulation {
  static final int PIPELINE = 0;
  static final int PENDING = 1;
  static final int FINISH = 2;
  static final int WAKE = 3;

  /** Told about progress every so often; must be cheap. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(long jobsEnded, long jobs);
  }

  /**
   * Told as jobs change state, for a live view of the run (the GitLab façade); must be quick and
   * must not call back into the simulation.
   */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void pending(int job, long now) {}

    default void started(int job, int runner, long now) {}

    /** {@code ran} is false for a job skipped, left manual or excluded. */
    default void ended(int job, boolean ran, long now) {}

    /**
     * A run of {@code job} on {@code runner} fails now by the runner's fault; unless it was the
     * last retry GitLab allows, {@link #pending} follows at once (GitLab's automatic retry). Told
     * while the job still shows as running.
     */
    default void runnerFailed(int job, int runner, long now) {}

    /**
     * A job held back by the CI template (gate mode) is pending in GitLab: played, or its floor.
     */
    default void released(int job, long now) {}
  }

  final World w;
  private Listener listener = Listener.NONE;
  private boolean begun;
  private long total;
  private long nextReport;
  private final long seed;
  private final SplittableRandom random;
  final Policy policy;
  private final Progress progress;

  final boolean[] excluded;
  final int[] remaining;
  final boolean[] upstreamFailed;
  final long[] pendingAt;
  final long[] startAt;
  private static final long HOUR_MS = 3_600_000;
  private final int[][] startsPerHour;
  final long[] endAt;
  final int[] runnerOf;
  final long[] startSeq;
  private long starts;
  final int[] running;

  /** Per runner, the jobs in its slots (-1 for a free slot). */
  private final int[][] slots;

  final BitSet free;
  final int[] instanceRunning;
  final Map<String, Long> decisions = new LinkedHashMap<>();
  final Timeline timeline;

  private final EventQueue events = new EventQueue();
  private long now;
  private int pending;
  private long ended;
  long wallMs;

  /** Runner time of runs cancelled before their end or failed by their runner's fault, ms. */
  long wastedMs;

  /** Counter in the sim-result's decisions: runs that failed by their runner's fault. */
  static final String RUNNER_FAILURES = "runner_failures";

  /**
   * GitLab's automatic retries of a job whose run failed by its runner's fault, as {@code retry:
   * {max: 2, when: runner_system_failure}} allows.
   */
  static final int MAX_RETRIES = 2;

  /** Per job: the length of its current or latest run as planned at its start, ms. */
  private final long[] plannedMs;

  /** Per job: the length of its latest run that ended, ms (-1 before any). */
  private final long[] lastRunMs;

  /** Per job: its current or latest run ends, or ended, by its runner's fault. */
  private final boolean[] runnerFault;

  /** Per job: how many of its runs failed by their runner's fault. */
  private final int[] attempts;

  /** Per job: cancelled for good ({@link #endCanceled}). */
  private final boolean[] canceled;

  /** Per job: run again after its end ({@link #rerun}); its dependents were released once. */
  private final boolean[] again;

  public Simulation(World world, Policy.Factory factory, long seed, Progress progress) {
    this.w = world;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.progress = progress;
    int n = world.jobCount();
    excluded = new boolean[n];
    remaining = world.depCount.clone();
    upstreamFailed = new boolean[n];
    pendingAt = filled(n);
    startAt = filled(n);
    endAt = filled(n);
    runnerOf = new int[n];
    Arrays.fill(runnerOf, -1);
    startSeq = filled(n);
    canceled = new boolean[n];
    again = new boolean[n];
    plannedMs = new long[n];
    lastRunMs = filled(n);
    runnerFault = new boolean[n];
    attempts = new int[n];
    running = new int[world.runners.length];
    startsPerHour = new int[world.runners.length][24];
    slots = new int[world.runners.length][];
    for (int r = 0; r < slots.length; r++) {
      slots[r] = new int[Math.max(0, world.runners[r].concurrency())];
      Arrays.fill(slots[r], -1);
    }
    free = new BitSet(world.runners.length);
    for (int r = 0; r < world.runners.length; r++) {
      if (world.runners[r].online() && !world.runners[r].paused()) {
        free.set(r);
      }
    }
    instanceRunning = new int[world.projects.length];
    for (String k : new String[] {"rules", "tie-break", "llm", "fifo-fallback", "deferred"}) {
      decisions.put(k, 0L);
    }
    decisions.put("preempted", 0L);
    decisions.put(RunnerIqPolicy.PLACEMENTS, 0L);
    decisions.put(RunnerIqPolicy.TOSS_UPS, 0L);
    if (world.faultyRunners) {
      decisions.put(RUNNER_FAILURES, 0L);
    }
    long span = n == 0 ? 0 : world.createdMs[world.createdMs.length - 1];
    timeline = new Timeline(Math.max(60_000, span / 400));
    this.policy = factory.create(this);
    for (int j = 0; j < n; j++) {
      excluded[j] = policy.excludes(j);
    }
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, -1);
    return a;
  }

  public World world() {
    return w;
  }

  public long seed() {
    return seed;
  }

  /** The run's source of chance, seeded. */
  public SplittableRandom random() {
    return random;
  }

  /** Runners with at least one free slot; do not modify. */
  public BitSet freeRunners() {
    return free;
  }

  public int running(int runner) {
    return running[runner];
  }

  /** Jobs of {@code project} running on instance runners now (GitLab's fair scheduling key). */
  public int instanceRunning(int project) {
    return instanceRunning[project];
  }

  public long pendingSince(int job) {
    return pendingAt[job];
  }

  /**
   * Whether the current or latest run of {@code job} ends, or ended, by its runner's fault ({@code
   * runner_system_failure}); known from the run's start, and still so inside {@link
   * Policy#finished} and after, until the job starts again.
   */
  public boolean runnerFault(int job) {
    return runnerFault[job];
  }

  /**
   * How long the latest run of {@code job} that ended ran, ms (as {@link Policy#finished} hears).
   */
  public long lastRunMs(int job) {
    return lastRunMs[job];
  }

  /** How many runs of {@code job} failed by their runner's fault so far. */
  public int attempts(int job) {
    return attempts[job];
  }

  /** Counts a decision by who settled it ({@code rules}, {@code tie-break}, ...). */
  public void decided(String by) {
    decisions.merge(by, 1L, Long::sum);
  }

  /** Starts a pending job on a runner with a free slot. */
  public void start(int job, int runner) {
    if (startAt[job] >= 0 || pendingAt[job] < 0) {
      throw new IllegalStateException("job " + w.jobs[job].id() + " is not pending");
    }
    if (!free.get(runner)) {
      throw new IllegalStateException("runner " + w.runners[runner].id() + " has no free slot");
    }
    startAt[job] = now;
    startSeq[job] = starts++;
    countStart(runner);
    runnerOf[job] = runner;
    long runMs = runMs(job, runner);
    runnerFault[job] = failsByRunner(job, runner);
    plannedMs[job] = runnerFault[job] ? Math.max(1, Math.round(runMs / 2.0)) : runMs;
    if (++running[runner] >= w.runners[runner].concurrency()) {
      free.clear(runner);
    }
    if (w.instanceRunner[runner]) {
      instanceRunning[w.projectOf[job]]++;
    }
    pending--;
    put(runner, job, -1);
    events.add(now + plannedMs[job], FINISH, job);
    listener.started(job, runner, now);
  }

  /**
   * Cancels a running job, as GitLab's cancel does: its slot frees now and its run so far is lost
   * (counted as wasted runner time, and as {@code preempted}); it is pending again, to run anew.
   */
  public void cancel(int job) {
    if (startAt[job] < 0 || endAt[job] >= 0) {
      throw new IllegalStateException("job " + w.jobs[job].id() + " is not running");
    }
    int r = runnerOf[job];
    lastRunMs[job] = now - startAt[job];
    wastedMs += lastRunMs[job];
    runnerFault[job] = false;
    release(job, r);
    put(r, -1, job);
    startAt[job] = -1;
    startSeq[job] = -1;
    runnerOf[job] = -1;
    pending++;
    decided("preempted");
  }

  /**
   * Cancels a job for good, as GitLab's cancel does when nothing retries it: a running job's slot
   * frees now (its run so far kept as it was), a pending one leaves the queue, one not yet ready
   * never becomes so; it ends {@code canceled} and its dependents are skipped, as after a failure.
   * A manual job left unrun is marked canceled. The policy is told nothing: the caller tells it.
   */
  public void endCanceled(int job) {
    if (canceled[job] || (endAt[job] >= 0 && (ran(job) || w.when[job] != World.MANUAL))) {
      throw new IllegalStateException("job " + w.jobs[job].id() + " cannot be cancelled");
    }
    canceled[job] = true;
    runnerFault[job] = false;
    if (endAt[job] >= 0) {
      endAt[job] = now;
      listener.ended(job, false, now); // a manual job: its dependents went on long ago
      return;
    }
    int r = runnerOf[job];
    if (startAt[job] >= 0) {
      lastRunMs[job] = now - startAt[job];
      release(job, r);
      put(r, -1, job);
    } else if (pendingAt[job] >= 0) {
      pending--;
    }
    end(job, true);
  }

  /** Whether {@code job} was cancelled for good. */
  boolean canceled(int job) {
    return canceled[job];
  }

  /**
   * Makes an ended job pending again now, without its policy hearing of it (the caller queues it):
   * GitLab's retry, which makes a new job, or a play of a manual job. Its dependents, released at
   * its first end, are not released again.
   */
  public void rerun(int job) {
    if (endAt[job] < 0) {
      throw new IllegalStateException("job " + w.jobs[job].id() + " has not ended");
    }
    again[job] = true;
    canceled[job] = false;
    runnerFault[job] = false;
    endAt[job] = -1;
    startAt[job] = -1;
    startSeq[job] = -1;
    runnerOf[job] = -1;
    ended--;
    pendingAt[job] = now;
    pending++;
    listener.pending(job, now);
  }

  /** A held job is pending in GitLab now (gate mode: its play or its floor). */
  void released(int job) {
    listener.released(job, now);
  }

  /**
   * Lets the policy dispatch now, after a change from outside the run (a write to GitLab), as
   * GitLab's runners would ask for jobs at once.
   */
  public void dispatchNow() {
    policy.dispatch(now);
    timeline.record(now, pending);
  }

  /** The job in slot {@code slot} of {@code runner}, or -1 when that slot is free. */
  public int jobIn(int runner, int slot) {
    return slots[runner][slot];
  }

  private void put(int runner, int job, int was) {
    var s = slots[runner];
    for (int i = 0; i < s.length; i++) {
      if (s[i] == was) {
        s[i] = job;
        return;
      }
    }
    throw new IllegalStateException("runner " + w.runners[runner].id() + " has no such slot");
  }

  private long runMs(int job, int runner) {
    return Math.round(w.durationMs[job] / w.runSpeed[runner]);
  }

  /**
   * Whether the run of {@code job} starting now on {@code runner} fails by the runner's fault: a
   * draw in [0, 1) from the seed, the job's id and its attempt, below the runner's rate. The draw
   * does not depend on the policy, so the same attempt of a job fails alike under every policy.
   */
  private boolean failsByRunner(int job, int runner) {
    double rate = w.systemFailureRate[runner];
    return rate > 0 && draw(seed, w.jobs[job].id(), attempts[job]) < rate;
  }

  /** A number in [0, 1) that depends only on its arguments (SplitMix64's mixer over each). */
  static double draw(long seed, long jobId, int attempt) {
    long z = mix(seed + GOLDEN);
    z = mix(z ^ (jobId * GOLDEN));
    z = mix(z ^ ((attempt + 1L) * GOLDEN));
    return (z >>> 11) * 0x1.0p-53;
  }

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Counts a start on {@code runner} in the hour of the run it falls in. */
  private void countStart(int runner) {
    int h = (int) (now / HOUR_MS);
    var counts = startsPerHour[runner];
    if (h >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(h + 1, counts.length * 2));
      startsPerHour[runner] = counts;
    }
    counts[h]++;
  }

  /**
   * Runs started on each runner (by index) in each hour since time zero, every attempt counted: the
   * share of the work each runner was given, and how it moved over the run.
   */
  int[] startsPerHour(int runner) {
    var counts = startsPerHour[runner];
    int end = counts.length;
    while (end > 0 && counts[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(counts, end);
  }

  /** Frees the slot {@code job} held on {@code runner}. */
  private void release(int job, int r) {
    running[r]--;
    free.set(r);
    if (w.instanceRunner[r]) {
      instanceRunning[w.projectOf[job]]--;
    }
  }

  public void listener(Listener l) {
    this.listener = l;
  }

  /** Simulated time, ms since the world's start. */
  public long now() {
    return now;
  }

  /** Makes the policy dispatch again at {@code t} (ms since trace start), e.g. when a hold ends. */
  public void wakeAt(long t) {
    if (t <= now) {
      throw new IllegalArgumentException("a wake-up must be in the future");
    }
    events.add(t, WAKE, -1);
  }

  /** Runs to the end and returns the wall-clock time it took, ms. */
  public long run() {
    long t0 = System.nanoTime();
    advanceTo(Long.MAX_VALUE);
    progress.update(total, total);
    wallMs = (System.nanoTime() - t0) / 1_000_000;
    return wallMs;
  }

  /**
   * Processes every event up to {@code t} (ms since the world's start) and leaves the clock there,
   * for a run that follows a clock instead of racing to the end.
   */
  public void advanceTo(long t) {
    if (!begun) {
      begun = true;
      for (int p = 0; p < w.createdMs.length; p++) {
        events.add(w.createdMs[p], PIPELINE, p);
      }
      total = w.jobCount();
    }
    while (!events.isEmpty() && events.peekTime() <= t) {
      now = events.peekTime();
      while (!events.isEmpty() && events.peekTime() == now) {
        int kind = events.peekKind();
        int arg = events.peekArg();
        events.poll();
        switch (kind) {
          case PIPELINE -> created(arg);
          case PENDING -> becomePending(arg);
          case WAKE -> {}
          default -> finish(arg);
        }
      }
      policy.dispatch(now);
      timeline.record(now, pending);
      if (ended >= nextReport) {
        progress.update(ended, total);
        nextReport = ended + 50_000;
      }
    }
    if (t != Long.MAX_VALUE && t > now) {
      now = t;
    }
  }

  private void created(int p) {
    for (int j : w.pipelineJobs[p]) {
      // the initial count: jobs made ready while this loop runs must not be readied twice
      if (w.depCount[j] == 0) {
        ready(j);
      }
    }
  }

  /** Everything {@code j} depends on has ended. */
  private void ready(int j) {
    if (canceled[j] || again[j]) {
      return; // cancelled before it was ready, or already run again
    }
    if (excluded[j]) {
      end(j, false);
    } else if (upstreamFailed[j] && w.when[j] != World.ALWAYS) {
      end(j, true);
    } else if (w.when[j] == World.MANUAL) {
      end(j, false);
    } else if (w.when[j] == World.DELAYED && w.startInMs[j] > 0) {
      events.add(now + w.startInMs[j], PENDING, j);
    } else {
      becomePending(j);
    }
  }

  private void becomePending(int j) {
    if (canceled[j]) {
      return; // cancelled during its own delay
    }
    pendingAt[j] = now;
    pending++;
    policy.pending(j, now);
    listener.pending(j, now);
  }

  private void finish(int j) {
    int r = runnerOf[j];
    if (r < 0 || endAt[j] >= 0 || startAt[j] + plannedMs[j] != now) {
      return; // the end of a run that was cancelled
    }
    lastRunMs[j] = now - startAt[j];
    if (runnerFault[j]) {
      runnerFailed(j, r);
      return;
    }
    endAt[j] = now;
    release(j, r);
    put(r, -1, j);
    policy.finished(j, r, now);
    end(j, (w.fails[j] && !w.allowFailure[j]) || upstreamFailed[j]);
  }

  /**
   * The run of {@code j} on {@code r} fails now by the runner's fault: its slot frees, its run is
   * wasted, and GitLab's automatic retry makes it pending again at once, its wait still counted
   * from when it first became pending; past {@link #MAX_RETRIES} it ends failed.
   */
  private void runnerFailed(int j, int r) {
    wastedMs += lastRunMs[j];
    decided(RUNNER_FAILURES);
    attempts[j]++;
    listener.runnerFailed(j, r, now);
    release(j, r);
    put(r, -1, j);
    if (attempts[j] > MAX_RETRIES) {
      endAt[j] = now;
      policy.finished(j, r, now);
      end(j, !w.allowFailure[j] || upstreamFailed[j]); // failed, as a job failing on its own
      return;
    }
    policy.finished(j, r, now);
    startAt[j] = -1;
    startSeq[j] = -1;
    runnerOf[j] = -1;
    pending++;
    policy.pending(j, now);
    listener.pending(j, now);
  }

  /** {@code j} has ended (run, skipped or left out); {@code failing} skips its dependents. */
  private void end(int j, boolean failing) {
    if (endAt[j] < 0) {
      endAt[j] = now;
    }
    ended++;
    listener.ended(j, ran(j), now);
    if (again[j]) {
      return;
    }
    for (int e = w.dependentsFrom[j]; e < w.dependentsFrom[j + 1]; e++) {
      int d = w.dependents[e];
      upstreamFailed[d] |= failing;
      if (--remaining[d] == 0) {
        ready(d);
      }
    }
  }

  /** Whether {@code j} ran on a runner. */
  boolean ran(int j) {
    return startAt[j] >= 0;
  }
}
