package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * Keeps the last {@code slots} free slots of a runner with rare tags for the jobs that need them: a
 * job that needs none of the runner's rare tags ({@link Scarcity#keptFrom}) may not take one of
 * those slots. A rejection that clears by itself when a slot frees: the job waits.
 */
public final class Reservation implements Filter, Signed {
  private final Scarcity scarcity;
  private final int slots;
  private final boolean protectedOnly;
  private final Verdict kept;

  /**
   * @param slots free slots kept on each runner with rare tags, at least 0
   * @param protectedOnly keep slots only on runners that take protected refs only
   */
  public Reservation(Scarcity scarcity, int slots, boolean protectedOnly) {
    if (slots < 0) {
      throw new IllegalArgumentException("reserved slots must not be negative, but was " + slots);
    }
    this.scarcity = scarcity;
    this.slots = slots;
    this.protectedOnly = protectedOnly;
    this.kept =
        Verdict.reject(
            Reason.KEPT_FOR_RARE_TAGS, (job, runner) -> scarcity.keptFor(runner).toString());
  }

  @Override
  public Verdict check(PendingJob job, Runner runner) {
    return runner.freeSlots() > slots
            || (protectedOnly && !runner.refProtectedOnly())
            || !scarcity.keptFrom(runner, job)
        ? Verdict.ACCEPT
        : kept;
  }

  /** Reads the job's tags (which rare ones it needs) and the runner's free slots. */
  @Override
  public JobSignature signature() {
    return JobSignature.of(JobFacet.TAGS);
  }

  @Override
  public boolean readsLoad() {
    return true;
  }

  /** Only runners with rare tags (protected-only ones, with {@code protectedOnly}) keep slots. */
  @Override
  public boolean canReject(Runner runner) {
    return (!protectedOnly || runner.refProtectedOnly()) && !scarcity.keptFor(runner).isEmpty();
  }

  @Override
  public String toString() {
    return Reason.KEPT_FOR_RARE_TAGS.text();
  }
}
