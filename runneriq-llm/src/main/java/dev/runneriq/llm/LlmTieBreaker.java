package dev.runneriq.llm;

import dev.runneriq.core.engine.TieBreaker;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.priority.Priority;
import java.time.InstantSource;
import java.util.List;

/**
 * A {@link TieBreaker} that asks a language model, guarded: {@link #choose} returns within the
 * configured timeout and never throws; any failure yields the rule order with {@code llm.accepted}
 * false and the reason in {@code llm.error}. The providers differ only in their {@link Transport};
 * the {@link Guard} is shared. Holds a client and threads: close it when done.
 */
public abstract sealed class LlmTieBreaker implements TieBreaker, AutoCloseable
    permits AnthropicTieBreaker, OpenAiCompatibleTieBreaker {
  private final Guard guard;

  LlmTieBreaker(LlmConfig config, Transport transport, InstantSource clock) {
    this.guard = new Guard(config, transport, clock);
  }

  /** The tie-breaker {@code config.provider()} names, on the system clock. */
  public static LlmTieBreaker create(LlmConfig config) {
    return create(config, InstantSource.system());
  }

  /**
   * @param clock decides the budget's day and the circuit breaker's cool-down
   */
  public static LlmTieBreaker create(LlmConfig config, InstantSource clock) {
    return switch (config.provider()) {
      case ANTHROPIC -> new AnthropicTieBreaker(config, clock);
      case OPENAI_COMPATIBLE -> new OpenAiCompatibleTieBreaker(config, clock);
    };
  }

  @Override
  public final Choice choose(PendingJob job, Priority priority, List<Candidate> nearTies) {
    return guard.choose(job, priority, nearTies);
  }

  /** Counters since this tie-breaker was built. */
  public final LlmStats stats() {
    return guard.stats();
  }

  @Override
  public final void close() {
    guard.close();
  }
}
