package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * Keeps the last {@code slots} free slots of a runner with rare tags for the jobs that need them: a
 * job that needs none of the runner's rare tags ({@link Scarcity#keptFrom}) may not take one of
 * those slots. A rejection that clears by itself when a slot frees: the job waits.
 */
public final class Reservation implements Filter {
  /** The stable rejection reason. */
  public static final String REASON = "kept for rare tags";

  private final Scarcity scarcity;
  private final int slots;
  private final boolean protectedOnly;

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
  }

  @Override
  public String reason() {
    return REASON;
  }

  @Override
  public boolean accepts(PendingJob job, Runner runner) {
    return runner.freeSlots() > slots
        || (protectedOnly && !runner.refProtectedOnly())
        || !scarcity.keptFrom(runner, job);
  }

  /** Only runners with rare tags (protected-only ones, with {@code protectedOnly}) keep slots. */
  @Override
  public boolean constrains(Runner runner) {
    return (!protectedOnly || runner.refProtectedOnly()) && !scarcity.keptFor(runner).isEmpty();
  }

  @Override
  public String detail(PendingJob job, Runner runner) {
    return scarcity.keptFor(runner).toString();
  }

  @Override
  public Object jobKey(PendingJob job) {
    return scarcity.jobKey(job);
  }

  @Override
  public boolean transientRejection() {
    return true;
  }

  @Override
  public String toString() {
    return REASON;
  }
}
