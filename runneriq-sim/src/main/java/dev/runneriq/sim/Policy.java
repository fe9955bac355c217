package dev.runneriq.sim;

/**
 * How pending jobs reach runners in one simulation run. A policy owns the run's pending queues: the
 * simulation tells it when a job becomes pending and when a running job finishes, then asks it to
 * {@link #dispatch} once per point in time; it starts jobs with {@link Simulation#start}.
 *
 * <p>Contract: deterministic for a given run (any chance comes from {@link Simulation#seed()}),
 * never starts a job on a runner without a free slot or one GitLab's rules forbid, and never starts
 * a job twice.
 */
public interface Policy {

  /** A named way to build a policy for a run; the registry holds these. */
  @FunctionalInterface
  interface Factory {
    Policy create(Simulation sim);
  }

  /** Jobs this policy removes from the trace (they end at once, unrun); none by default. */
  default boolean excludes(int job) {
    return false;
  }

  void pending(int job, long now);

  void finished(int job, int runner, long now);

  /** Starts pending jobs on runners with free slots, as the policy sees fit. */
  void dispatch(long now);
}
