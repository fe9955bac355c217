package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanation;
import java.time.Instant;

/** Decisions made again from others, for tests that need many or a changed one. */
public final class DecisionCopies {
  private DecisionCopies() {}

  /**
   * {@code d} again, as the decision {@code id} on job {@code job} at {@code at}, in these words.
   */
  public static Decision copy(Decision d, String id, long job, Instant at, Explanation words) {
    return new Decision(
        id,
        at,
        d.mode(),
        job,
        d.job(),
        d.priority(),
        d.action(),
        d.runnerId(),
        d.deferUntil(),
        d.decidedBy(),
        d.candidates(),
        d.rejections(),
        d.considered(),
        words,
        d.llm(),
        d.fallbackReason());
  }
}
