package dev.runneriq.core.engine;

import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.priority.Priority;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settles a near-tie: the best candidates whose totals are within the tie margin of the best.
 *
 * <p>Contract: return one of the runners in {@code nearTies}. The engine guards the call: an answer
 * naming any other runner is ignored and the rule order (the first near-tie) is used, and the
 * decision records why. Implementations that call out (a language model) must bound their own
 * latency and report failures in the returned {@link LlmRecord} rather than throw; a thrown
 * exception sends the whole cycle to the FIFO fallback.
 */
public interface TieBreaker {

  /**
   * @param nearTies at least two candidates, best first by the rules
   */
  Choice choose(PendingJob job, Priority priority, List<Candidate> nearTies);

  /** The chosen runner, and the model's record when a model was asked (null for the rule order). */
  record Choice(long runnerId, @Nullable LlmRecord llm) {}

  /** The deterministic rule order: the best total, ties by runner id. */
  TieBreaker RULE_ORDER = (job, priority, nearTies) -> new Choice(nearTies.get(0).runnerId(), null);
}
