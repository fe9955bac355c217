package dev.runneriq.core.engine;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanation;
import dev.runneriq.core.decision.Explanations;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Assigner} made of a job, put into a {@link Decision}: its id, mode and words. The
 * words of an assignment are rendered at once, so that a fault in them falls back to GitLab's order
 * within the cycle; those of the many jobs that wait are rendered when read.
 */
final class Rendering {
  private final String mode;
  private final double tieMargin;

  Rendering(String mode, double tieMargin) {
    this.mode = mode;
    this.tieMargin = tieMargin;
  }

  /** The decision on {@code job} that {@code a} makes, its id drawn from the clock and seed. */
  Decision decision(
      PendingJob job,
      long jobId,
      Decision.JobRef ref,
      Priority priority,
      Assignment a,
      Instant now,
      long seed) {
    var result = a.placement();
    // most jobs of a long queue wait, and most of their words are never read: those are rendered
    // when read; an assignment's now, so that a fault in it falls back to GitLab's order here
    Explanation why =
        switch (a.action()) {
          case UNPLACEABLE, WAIT -> new Unassigned(job, priority, result, null);
          case DEFER -> new Unassigned(job, priority, null, a.carbon().words());
          default -> new Explanation(assigned(job, priority, a));
        };
    var chosen = a.chosen();
    // the record's own constructor: a builder per decision is not always optimized away
    return new Decision(
        DecisionIds.of(now, seed, jobId),
        now,
        mode,
        jobId,
        ref,
        priority,
        a.action(),
        a.action() == Action.ASSIGN && chosen != null ? chosen.runnerId() : null,
        a.deferUntil(),
        a.decidedBy(),
        result.candidates(),
        result.rejections(),
        result.considered(),
        why,
        a.llm(),
        null);
  }

  /**
   * The words of a job that is not assigned, rendered when read: its priority, then why it waits or
   * no runner can take it (from its placement), or the carbon verdict that holds it.
   */
  private static final class Unassigned extends Explanation {
    private final PendingJob job;
    private final Priority priority;
    private final @Nullable PlacementResult placement;
    private final @Nullable String verdict;

    Unassigned(
        PendingJob job,
        Priority priority,
        @Nullable PlacementResult placement,
        @Nullable String verdict) {
      this.job = job;
      this.priority = priority;
      this.placement = placement;
      this.verdict = verdict;
    }

    @Override
    protected String render() {
      var why = placement != null ? Explanations.outcome(placement) : verdict;
      return Explanations.priority(job, priority) + ". " + why;
    }
  }

  private String assigned(PendingJob job, Priority priority, Assignment a) {
    var chosen = a.chosen();
    if (chosen == null) {
      throw new IllegalStateException("an assignment without a runner");
    }
    String why =
        Explanations.assigned(
            job, priority, a.placement(), chosen, a.decidedBy(), tieMargin, a.llm());
    String carbon = a.carbon().words();
    return carbon.isEmpty() ? why : why + " " + carbon;
  }
}
