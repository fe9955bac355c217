package dev.runneriq.sim;

import dev.runneriq.core.model.Tier;

/**
 * Eviction in gate mode ({@code :evict=N}), with GitLab's cancel and retry. The engine keeps the
 * last slots of a runner with rare tags (a deploy runner) for the jobs that need them; under gate
 * mode it cannot, since GitLab gives a played job to whichever runner of its pool asks first, and
 * protected builds that land on a deploy runner hold its every slot for up to an hour and a half
 * while production deploys queue behind them (docs/SIMULATOR.md). So when GitLab starts a job on
 * such a runner and the jobs its slots are kept from now take its kept slots too, RunnerIQ cancels
 * the one that started last at once and retries it: the run lost is about the write latency, and
 * the retry is pending again, GitLab's newest job, for any runner of its pool, the same runner
 * again included, so a job is evicted at most N times. As the reservation, it keeps only the last
 * slots: keeping every slot of those runners (measured, docs/SIMULATOR.md) cut CRITICAL waits
 * further on some days but took those slots from every other job on overloaded ones.
 *
 * <p>Never evicted: CRITICAL jobs (a retry waits behind every older pending job), jobs the CI
 * template marks {@code RUNNERIQ_PREEMPTIBLE: "false"}, and jobs that have run longer than {@link
 * #MAX_LOST_MS} (started while RunnerIQ was down: their run is not thrown away).
 */
final class GateEviction {
  /** Counter in the sim-result's decisions: jobs cancelled and retried off kept runners. */
  static final String EVICTED = "evicted";

  /** The longest run RunnerIQ throws away by an eviction. */
  static final long MAX_LOST_MS = 60_000;

  private final GatePolicy gate;
  private final Simulation sim;
  private final World w;
  private final KeptSlots kept;
  private final int perJob;
  private final boolean[] cancelling;
  private final int[] evicted;

  /** Per job being cancelled: its runner failures when the cancellation was sent. */
  private final int[] cancelAttempt;

  /**
   * @param perJob how many times at most one job is evicted
   */
  GateEviction(GatePolicy gate, Simulation sim, KeptSlots kept, int perJob) {
    this.gate = gate;
    this.sim = sim;
    this.w = sim.world();
    this.kept = kept;
    this.perJob = perJob;
    cancelling = new boolean[w.jobCount()];
    evicted = new int[w.jobCount()];
    cancelAttempt = new int[w.jobCount()];
    sim.decisions.putIfAbsent(EVICTED, 0L);
  }

  /**
   * On each runner that keeps slots, if the jobs it keeps them from take more than its other slots,
   * cancels the one that started last, if it may.
   */
  void look(long now) {
    var keeping = kept.keeping();
    for (int r = keeping.nextSetBit(0); r >= 0; r = keeping.nextSetBit(r + 1)) {
      int slots = w.runners[r].concurrency();
      int keptFrom = 0;
      int victim = -1;
      for (int slot = 0; slot < slots; slot++) {
        int j = sim.jobIn(r, slot);
        if (j >= 0 && !cancelling[j] && kept.on(j, r)) {
          keptFrom++;
          if (evictable(j, now) && (victim < 0 || sim.startAt[j] > sim.startAt[victim])) {
            victim = j;
          }
        }
      }
      if (keptFrom > slots - kept.reserved() && victim >= 0) {
        cancelling[victim] = true;
        cancelAttempt[victim] = sim.attempts(victim);
        evicted[victim]++;
        gate.write(GatePolicy.CANCEL_ACTS, victim, now);
      }
    }
  }

  /** How many times {@code job} was evicted. */
  int evicted(int job) {
    return evicted[job];
  }

  private boolean evictable(int job, long now) {
    return !cancelling[job]
        && evicted[job] < perJob
        && now - sim.startAt[job] <= MAX_LOST_MS
        && w.tier[job] != Tier.CRITICAL.ordinal()
        && !"false".equals(w.jobs[job].spec().variables().get(GatePreemption.MARK));
  }

  /**
   * GitLab acts on a cancellation: if RunnerIQ sent it to evict {@code job}, the job, if still
   * running, is cancelled and retried.
   *
   * @return whether the cancellation was an eviction's
   */
  boolean cancelled(int job, long now) {
    if (!cancelling[job]) {
      return false;
    }
    cancelling[job] = false;
    // a run its runner failed before the cancellation reached it is GitLab's retry's now
    if (sim.startAt[job] >= 0 && sim.endAt[job] < 0 && sim.attempts(job) == cancelAttempt[job]) {
      int runner = sim.runnerOf[job];
      sim.cancel(job);
      sim.decided(EVICTED);
      gate.freed(job, runner, now);
      gate.write(GatePolicy.RETRY_ACTS, job, now);
    }
    return true;
  }
}
