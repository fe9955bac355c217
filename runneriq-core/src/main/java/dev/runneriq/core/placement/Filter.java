package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * A hard constraint: a runner that fails it cannot take the job. Implementations are small,
 * stateless, thread-safe, never throw for well-formed input, and do no I/O.
 *
 * <p>{@link #reason()} is a stable, low-cardinality constant: it is a key of the rejection
 * histogram and a metric label. Specifics go in {@link #detail}.
 */
public interface Filter {

  /** The stable rejection reason, e.g. {@code "missing required tags"}. */
  String reason();

  /** Whether {@code runner} satisfies this constraint for {@code job}. Hot path: no allocation. */
  boolean accepts(PendingJob job, Runner runner);

  /**
   * Specifics of a rejection for the explanation, e.g. {@code "[gpu]"}; only called when {@link
   * #accepts} returned false. Empty when the reason says it all.
   */
  default String detail(PendingJob job, Runner runner) {
    return "";
  }

  /**
   * What of the job this filter's verdict depends on: two jobs with equal keys must get the same
   * verdict on every runner. The pipeline reuses a permanent filter's verdicts between such jobs
   * within a cycle, as long as only the runners' running counts change; so a permanent filter must
   * not look at {@link Runner#running()}. The default, the job itself, shares nothing; override it
   * with the few fields the filter reads.
   */
  default Object jobKey(PendingJob job) {
    return job;
  }

  /**
   * Whether this filter can reject any job on {@code runner}. False lets the pipeline skip the
   * runner when it evaluates the filter: an online runner never fails {@code offline}, a runner
   * without a maximum timeout never fails {@code maximum timeout too short}. The default, true, is
   * always safe.
   */
  default boolean constrains(Runner runner) {
    return true;
  }

  /**
   * True for a constraint that may clear by itself soon (a full runner frees a slot): the job
   * waits. False for one that holds until someone changes the runner or the job: a job every runner
   * rejects for such reasons is unplaceable.
   */
  default boolean transientRejection() {
    return false;
  }
}
