package dev.runneriq.core.engine;

import dev.runneriq.core.decision.Decision;

/**
 * Observes decisions as a cycle ends (the audit log, metrics). Contract: fast, never throws, no I/O
 * on the calling thread: hand the decision to your own queue. The engine catches and drops anything
 * a listener throws, so a broken listener cannot break scheduling.
 */
@FunctionalInterface
public interface DecisionListener {
  void onDecision(Decision decision);

  DecisionListener NONE = d -> {};
}
