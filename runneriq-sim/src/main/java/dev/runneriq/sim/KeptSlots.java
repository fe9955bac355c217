package dev.runneriq.sim;

import dev.runneriq.core.engine.Assigner;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.placement.Reservation;
import dev.runneriq.core.placement.Verdict.Rejected;

/**
 * Whether some runner of a job's pool keeps its last free slots from it (the engine's reservation:
 * a deploy runner's last slot is kept for deploys), for the gate: a job played ahead of a free slot
 * would take such a slot as soon as GitLab frees one. Remembered per signature where every job of
 * it has the same tags.
 */
final class KeptSlots {
  private final World w;
  private final EngineJobs jobs;
  private final Reservation reservation;
  private final int reserved;
  private final byte[] keeps;

  KeptSlots(World w, Engine engine, Assigner assigner, EngineJobs jobs) {
    this.w = w;
    this.jobs = jobs;
    var reserve = engine.config().placement().reserve();
    this.reservation =
        new Reservation(assigner.scarcity(), reserve.slots(), reserve.protectedOnly());
    this.reserved = reserve.slots();
    this.keeps = new byte[w.signatures.count()];
  }

  /** Whether a runner of the job's pool keeps its last free slots from {@code job}. */
  boolean from(int job) {
    int s = w.signature[job];
    if (w.signatures.sameTags(s) && keeps[s] != 0) {
      return keeps[s] > 0;
    }
    var spec = jobs.of(job);
    var pool = w.signatures.runners(s);
    boolean kept = false;
    for (int r = pool.nextSetBit(0); r >= 0 && !kept; r = pool.nextSetBit(r + 1)) {
      var runner = w.runners[r];
      // the runner with only its kept slots free: does the reservation turn this job away?
      kept =
          reserved > 0
              && reservation.canReject(runner)
              && reservation.check(spec, runner.withRunning(runner.concurrency() - reserved))
                  instanceof Rejected;
    }
    keeps[s] = (byte) (kept ? 1 : -1);
    return kept;
  }
}
