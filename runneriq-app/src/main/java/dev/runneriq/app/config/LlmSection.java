package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.llm.LlmConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code llm} section of {@code runneriq.yaml} as a tree and back. The provider {@code none}
 * (the default) binds to no config at all: no model is asked. The API key is never part of the
 * tree: it comes from {@value LlmConfig#API_KEY_ENV} or from the file {@code key_file} names, so
 * {@code config check} can print the effective tree as it is.
 */
final class LlmSection {
  static final String NONE = "none";

  private LlmSection() {}

  static ObjectNode defaults(ObjectNode root) {
    var d = LlmConfig.DEFAULT;
    var llm = root.putObject("llm");
    llm.put("provider", NONE);
    llm.putNull("model");
    llm.putNull("base_url");
    llm.putNull("key_file");
    llm.put("timeout_ms", d.timeout().toMillis());
    llm.put("max_tokens", d.maxTokens());
    llm.put("openai_mode", d.openAiMode().wire());
    var budget = llm.putObject("budget");
    budget.put("max_calls_per_day", d.budget().maxCallsPerDay());
    budget.put("max_usd_per_day", d.budget().maxUsdPerDay());
    var breaker = llm.putObject("breaker");
    breaker.put("failures", d.breaker().failures());
    breaker.put("cool_down_ms", d.breaker().coolDown().toMillis());
    var price = llm.putObject("price");
    price.putNull("input_usd_per_mtok");
    price.putNull("output_usd_per_mtok");
    return llm;
  }

  /** The bound config, or null for provider {@code none}. */
  static @Nullable LlmConfig bind(Node root, Map<String, String> env) {
    var llm = root.object("llm");
    String name = llm.string("provider").trim().toLowerCase(Locale.ROOT);
    if (name.equals(NONE)) {
      return null;
    }
    LlmConfig.Provider provider;
    try {
      provider = LlmConfig.Provider.parse(name);
    } catch (IllegalArgumentException e) {
      throw llm.error(
          "provider",
          "must be anthropic, openai-compatible or none, but was " + Printable.clip(name));
    }
    boolean anthropic = provider == LlmConfig.Provider.ANTHROPIC;
    String model = llm.optString("model");
    String baseUrl = llm.optString("base_url");
    if (!anthropic && (model == null || model.isBlank())) {
      throw llm.error("model", "is required for openai-compatible (e.g. llama3.1:8b)");
    }
    if (!anthropic && baseUrl == null) {
      throw llm.error(
          "base_url", "is required for openai-compatible (e.g. http://localhost:11434)");
    }
    var budgetNode = llm.object("budget");
    var breakerNode = llm.object("breaker");
    var priceNode = llm.object("price");
    LlmConfig.Price price = null;
    if (priceNode.has("input_usd_per_mtok") || priceNode.has("output_usd_per_mtok")) {
      price =
          new LlmConfig.Price(
              priceNode.number("input_usd_per_mtok"), priceNode.number("output_usd_per_mtok"));
    }
    String mode = llm.string("openai_mode");
    LlmConfig.OpenAiMode openAiMode =
        switch (mode) {
          case "tools" -> LlmConfig.OpenAiMode.TOOLS;
          case "json_schema" -> LlmConfig.OpenAiMode.JSON_SCHEMA;
          default ->
              throw llm.error(
                  "openai_mode", "must be tools or json_schema, but was " + Printable.clip(mode));
        };
    var config =
        new LlmConfig(
            provider,
            model != null && !model.isBlank() ? model : LlmConfig.DEFAULT_ANTHROPIC_MODEL,
            baseUrl != null ? baseUrl : LlmConfig.DEFAULT_ANTHROPIC_URL,
            null,
            millis(llm, "timeout_ms", 1, 60_000),
            (int) llm.integerBetween("max_tokens", 16, 4096),
            new LlmConfig.Budget(
                budgetNode.integer("max_calls_per_day"), budgetNode.number("max_usd_per_day")),
            new LlmConfig.Breaker(
                (int) breakerNode.integerBetween("failures", 1, 1000),
                millis(breakerNode, "cool_down_ms", 1, 86_400_000)),
            price,
            openAiMode);
    var key = ServiceSections.secret(llm, "key_file", env, LlmConfig.API_KEY_ENV);
    var withKey = config.withApiKey(key == null ? null : key.reveal());
    if (anthropic && withKey.apiKey() == null) {
      throw llm.error(
          "provider",
          "anthropic needs an API key: set "
              + LlmConfig.API_KEY_ENV
              + " or llm.key_file (a file holding only the key)");
    }
    return withKey;
  }

  private static Duration millis(Node n, String field, long min, long max) {
    return Duration.ofMillis(n.integerBetween(field, min, max));
  }
}
