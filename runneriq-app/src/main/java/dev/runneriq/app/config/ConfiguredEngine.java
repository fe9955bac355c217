package dev.runneriq.app.config;

import dev.runneriq.core.engine.DecisionListener;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.TieBreaker;
import dev.runneriq.llm.LlmStats;
import dev.runneriq.llm.LlmTieBreaker;
import org.jspecify.annotations.Nullable;

/**
 * The engine a loaded config asks for: the language-model tie-breaker when {@code llm.provider} is
 * set, the rule order otherwise. Holds the model's HTTP client: close it when done.
 */
public final class ConfiguredEngine implements AutoCloseable {
  private final Engine engine;
  private final @Nullable LlmTieBreaker llm;

  private ConfiguredEngine(Engine engine, @Nullable LlmTieBreaker llm) {
    this.engine = engine;
    this.llm = llm;
  }

  public static ConfiguredEngine of(ConfigLoader.Loaded config) {
    return of(config, DecisionListener.NONE);
  }

  public static ConfiguredEngine of(ConfigLoader.Loaded config, DecisionListener listener) {
    var llmConfig = config.llm();
    LlmTieBreaker llm = llmConfig == null ? null : LlmTieBreaker.create(llmConfig);
    TieBreaker tieBreaker = llm == null ? TieBreaker.RULE_ORDER : llm;
    return new ConfiguredEngine(Engine.standard(config.engine(), tieBreaker, listener), llm);
  }

  public Engine engine() {
    return engine;
  }

  /** The model's counters, or null when no model is configured. */
  public @Nullable LlmStats llmStats() {
    return llm == null ? null : llm.stats();
  }

  @Override
  public void close() {
    if (llm != null) {
      llm.close();
    }
  }
}
