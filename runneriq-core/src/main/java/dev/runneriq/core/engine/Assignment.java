package dev.runneriq.core.engine;

import dev.runneriq.core.carbon.Deferral;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.PlacementResult;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Assigner} made of one job, before it is put into words: the action, the runner it
 * chose (and where that runner stands in the table), who settled it, and the placement and carbon
 * verdicts behind it. The engine renders it into a {@link dev.runneriq.core.decision.Decision}; the
 * simulator acts on it directly.
 *
 * @param runnerIndex the chosen runner's position in the assigner's table, or -1
 * @param deferUntil when a deferred job should be looked at again, else null
 * @param carbon the deferral's verdict (silent for a job that was not placeable)
 */
public record Assignment(
    Action action,
    PlacementResult placement,
    @Nullable Candidate chosen,
    int runnerIndex,
    @Nullable Instant deferUntil,
    DecidedBy decidedBy,
    @Nullable LlmRecord llm,
    Deferral.Advice carbon) {

  /** Whether the tie-breaker was asked: a genuine toss-up between runners. */
  public boolean tossUp() {
    return action == Action.ASSIGN && placement.nearTies() >= 2;
  }
}
