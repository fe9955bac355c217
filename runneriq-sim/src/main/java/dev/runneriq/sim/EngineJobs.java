package dev.runneriq.sim;

import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.optimizer.Learner;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Each waiting job of a run as RunnerIQ's engine sees it: the trace's spec, pending since it became
 * pending in the simulation. Made when first asked for, dropped once the job is taken.
 */
final class EngineJobs {
  private final Simulation sim;
  private final World w;
  private final long startMs;
  private final boolean clairvoyant;
  private final @Nullable PendingJob[] specs;
  private final @Nullable Learner learner;

  /**
   * @param clairvoyant the engine is told each job's true run time, as its history's median (for
   *     the oracle: no estimate error in when a held job would run)
   */
  EngineJobs(Simulation sim, boolean clairvoyant) {
    this(sim, clairvoyant, null);
  }

  /**
   * @param learner gives a job without a history in the trace what its earlier runs here taught
   */
  EngineJobs(Simulation sim, boolean clairvoyant, @Nullable Learner learner) {
    this.learner = learner;
    this.sim = sim;
    this.w = sim.world();
    this.clairvoyant = clairvoyant;
    this.startMs = w.start.toEpochMilli();
    this.specs = new PendingJob[w.jobCount()];
  }

  /** {@code job} as the engine sees it: pending since it became pending here. */
  PendingJob of(int job) {
    var known = specs[job];
    if (known != null) {
      return known;
    }
    var made = make(job);
    var l = learner;
    if (l != null) {
      made = l.withHistory(made, made.pendingSince());
    }
    specs[job] = made;
    return made;
  }

  /** The job was taken: its spec is not needed any more. */
  void forget(int job) {
    specs[job] = null;
  }

  /** The simulated time {@code now} as the engine's clock reading. */
  Instant at(long now) {
    return Instant.ofEpochMilli(startMs + now);
  }

  private PendingJob make(int job) {
    var s = w.jobs[job].spec();
    return new PendingJob(
        s.id(),
        s.name(),
        s.stage(),
        s.tagList(),
        at(sim.pendingSince(job)),
        s.timeoutS(),
        s.environment(),
        s.variables(),
        s.pipeline(),
        clairvoyant ? trueRun(s.history(), w.durationMs[job]) : s.history(),
        s.interruptible());
  }

  private static JobHistory trueRun(@Nullable JobHistory h, long durationMs) {
    return new JobHistory(
        h == null ? 1 : Math.max(1, h.runs()),
        durationMs / 1000.0,
        h == null ? 0 : h.failureRate());
  }
}
