package dev.runneriq.core.placement;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Placement} worked out of one job that holds while the fleet changes only in load:
 * the job's pool and its keys for busy verdicts and rankings. A caller that places the same job
 * record again (the engine, cycle after cycle) hands it back, so that the waiting jobs of a long
 * queue are not keyed again each cycle. Only the placement that filled it reads it, and only while
 * its fleet has changed in nothing but load since; otherwise it is worked out again. Not
 * thread-safe.
 */
public final class JobPlace {
  @Nullable Placement owner;
  long fleet;
  @Nullable Pool pool;
  @Nullable PoolKey busyKey;
  @Nullable Object loadKey;

  /** Nothing known yet: the first placement of the job fills it. */
  public JobPlace() {}

  /**
   * A copy of what this holds: a cycle that decides its jobs in another order than it read them
   * makes its copies in that order, so that each is next to the one it reads after it.
   */
  public JobPlace copy() {
    var c = new JobPlace();
    c.owner = owner;
    c.fleet = fleet;
    c.pool = pool;
    c.busyKey = busyKey;
    c.loadKey = loadKey;
    return c;
  }

  /**
   * Whether {@code placement} filled this while its fleet was at {@code generation}, the one it has
   * now.
   */
  boolean heldBy(Placement placement, long generation) {
    return owner == placement && fleet == generation;
  }
}
