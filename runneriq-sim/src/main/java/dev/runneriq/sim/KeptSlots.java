package dev.runneriq.sim;

import dev.runneriq.core.engine.Assigner;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.placement.Reservation;
import dev.runneriq.core.placement.Verdict.Rejected;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * Which runners of a job's pool keep their last free slots from it (the engine's reservation: a
 * deploy runner's last slot is kept for deploys), for the gate: a job played ahead of a free slot
 * would take such a slot as soon as GitLab frees one, and a job GitLab starts on such a runner
 * takes what the engine would have kept ({@link GateEviction}). Remembered per signature where
 * every job of it has the same tags.
 */
final class KeptSlots {
  private final World w;
  private final EngineJobs jobs;
  private final Reservation reservation;
  private final int reserved;
  private final @Nullable BitSet[] keepers;
  private final BitSet keeping = new BitSet();

  KeptSlots(World w, Engine engine, Assigner assigner, EngineJobs jobs) {
    this.w = w;
    this.jobs = jobs;
    var reserve = engine.config().placement().reserve();
    this.reservation =
        new Reservation(assigner.scarcity(), reserve.slots(), reserve.protectedOnly());
    this.reserved = reserve.slots();
    this.keepers = new BitSet[w.signatures.count()];
    for (int r = 0; r < w.runners.length; r++) {
      if (reserved > 0 && reservation.canReject(w.runners[r])) {
        keeping.set(r);
      }
    }
  }

  /** Whether a runner of the job's pool keeps its last free slots from {@code job}. */
  boolean from(int job) {
    return !keepers(job).isEmpty();
  }

  /** Whether {@code runner} keeps its last free slots from {@code job}. */
  boolean on(int job, int runner) {
    return keeping.get(runner) && keepers(job).get(runner);
  }

  /** How many of its last free slots such a runner keeps (the engine's reservation). */
  int reserved() {
    return reserved;
  }

  /** The runners that keep their last free slots from some jobs (none without a reservation). */
  BitSet keeping() {
    return keeping;
  }

  private BitSet keepers(int job) {
    int s = w.signature[job];
    var known = keepers[s];
    if (known != null && w.signatures.sameTags(s)) {
      return known;
    }
    var spec = jobs.of(job);
    var pool = (BitSet) w.signatures.runners(s).clone();
    pool.and(keeping);
    var kept = new BitSet();
    for (int r = pool.nextSetBit(0); r >= 0; r = pool.nextSetBit(r + 1)) {
      var runner = w.runners[r];
      // the runner with only its kept slots free: does the reservation turn this job away?
      if (reservation.check(spec, runner.withRunning(runner.concurrency() - reserved))
          instanceof Rejected) {
        kept.set(r);
      }
    }
    keepers[s] = kept;
    return kept;
  }
}
