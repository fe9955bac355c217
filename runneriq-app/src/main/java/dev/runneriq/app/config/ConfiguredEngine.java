package dev.runneriq.app.config;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.TieBreaker;
import dev.runneriq.llm.LlmStats;
import dev.runneriq.llm.LlmTieBreaker;
import org.jspecify.annotations.Nullable;

/**
 * The one factory of the engine: what a loaded {@code runneriq.yaml} asks for, with the
 * language-model tie-breaker when {@code llm.provider} is set and the rule order otherwise. Every
 * path that decides gets its engine here ({@code decide}, {@code score}, {@code simulate}, {@code
 * serve}, {@code demo}, {@code mcp} and the HTTP API through the service). Holds the model's HTTP
 * client: close it when done.
 */
public final class ConfiguredEngine implements AutoCloseable {
  private final Engine engine;
  private final @Nullable LlmTieBreaker llm;
  private final String tossUps;

  private ConfiguredEngine(Engine engine, @Nullable LlmTieBreaker llm, String tossUps) {
    this.engine = engine;
    this.llm = llm;
    this.tossUps = tossUps;
  }

  public static ConfiguredEngine of(ConfigLoader.Loaded config) {
    var llmConfig = config.llm();
    LlmTieBreaker llm = llmConfig == null ? null : LlmTieBreaker.create(llmConfig);
    TieBreaker tieBreaker = llm == null ? TieBreaker.RULE_ORDER : llm;
    String tossUps =
        llmConfig == null
            ? "the rule order (no llm section)"
            : llmConfig.provider().wire()
                + " "
                + llmConfig.model()
                + ", the rule order when it fails";
    return new ConfiguredEngine(Engine.standard(config.engine(), tieBreaker), llm, tossUps);
  }

  /** Who settles toss-ups, in words for a start-up banner. */
  public String tossUps() {
    return tossUps;
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
