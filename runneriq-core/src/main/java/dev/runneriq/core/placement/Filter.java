package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * A hard constraint, as a rule: the {@link Verdict} on one runner for one job. Implementations are
 * small, stateless, thread-safe, never throw for well-formed input, and do no I/O; the verdict is a
 * function of the job and the runner alone, and each filter rejects for one {@link Reason}.
 *
 * <p>What the pipeline does with each answer: a runner that every filter accepts is feasible and
 * scored. A rejected runner is counted under the reason of the first filter that rejects it, and
 * the detail of the first runner a reason rejects goes into the explanation. A job no runner can
 * take waits when some rejection {@link Reason#clearsByItself clears by itself}, and is unplaceable
 * otherwise.
 *
 * <p>The pipeline may reuse verdicts between jobs and runner states only as far as the filter
 * declares what they read ({@link Signed}); a filter that declares nothing is checked afresh.
 */
@FunctionalInterface
public interface Filter {

  /**
   * The verdict on {@code runner} for {@code job}. Hot path: return {@link Verdict#ACCEPT} or a
   * constant rejection, whose detail is rendered only if an explanation reads it.
   */
  Verdict check(PendingJob job, Runner runner);
}
