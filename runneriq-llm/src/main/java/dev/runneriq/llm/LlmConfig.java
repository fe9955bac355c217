package dev.runneriq.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code llm} section of {@code runneriq.yaml}: which model settles near-ties, where it is, and
 * how much it may cost. The API key comes from the environment ({@value #API_KEY_ENV}) and is never
 * printed: {@link #toString()} redacts it.
 *
 * @param provider {@code anthropic} (Messages API through the official SDK) or {@code
 *     openai-compatible} (chat completions, e.g. Ollama or vLLM)
 * @param model the model id sent to the provider
 * @param baseUrl the provider's base URL, without {@code /v1}
 * @param apiKey the secret, or null (self-hosted endpoints often need none)
 * @param timeout the hard deadline of one tie-break, request and parsing included
 * @param maxTokens the most output tokens the model may spend on one answer
 * @param budget how many calls and how many US dollars a UTC day may use
 * @param breaker when repeated failures stop the calls for a while
 * @param price USD per million tokens for this model; null to use the built-in {@link Prices}
 * @param openAiMode how an OpenAI-compatible endpoint is made to answer in the schema
 */
public record LlmConfig(
    Provider provider,
    String model,
    String baseUrl,
    @Nullable String apiKey,
    Duration timeout,
    int maxTokens,
    Budget budget,
    Breaker breaker,
    @Nullable Price price,
    OpenAiMode openAiMode) {

  /** The environment variable the API key is read from. */
  public static final String API_KEY_ENV = "RUNNERIQ_LLM_API_KEY";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_TOKENS = 300;
  public static final String DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5";
  public static final String DEFAULT_ANTHROPIC_URL = "https://api.anthropic.com";

  /** Anthropic's cheapest fast model with the defaults below; the key still has to be supplied. */
  public static final LlmConfig DEFAULT =
      new LlmConfig(
          Provider.ANTHROPIC,
          DEFAULT_ANTHROPIC_MODEL,
          DEFAULT_ANTHROPIC_URL,
          null,
          DEFAULT_TIMEOUT,
          DEFAULT_MAX_TOKENS,
          Budget.DEFAULT,
          Breaker.DEFAULT,
          null,
          OpenAiMode.TOOLS);

  public LlmConfig {
    Objects.requireNonNull(provider, "llm.provider");
    Objects.requireNonNull(budget, "llm.budget");
    Objects.requireNonNull(breaker, "llm.breaker");
    Objects.requireNonNull(openAiMode, "llm.openai_mode");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be empty (llm.model)");
    }
    if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "base URL must start with http:// or https://, but was " + baseUrl + " (llm.base_url)");
    }
    if (timeout == null
        || timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and 60 s, but was " + timeout + " (llm.timeout)");
    }
    if (maxTokens < 16 || maxTokens > 4096) {
      throw new IllegalArgumentException(
          "max tokens must be between 16 and 4096, but was " + maxTokens + " (llm.max_tokens)");
    }
    if (apiKey != null && apiKey.isBlank()) {
      apiKey = null;
    }
  }

  /** The same config with the API key from {@value #API_KEY_ENV} in {@code env}, if set there. */
  public LlmConfig withApiKeyFrom(Map<String, String> env) {
    String key = env.get(API_KEY_ENV);
    return key == null || key.isBlank() ? this : withApiKey(key);
  }

  public LlmConfig withApiKey(@Nullable String key) {
    return new LlmConfig(
        provider, model, baseUrl, key, timeout, maxTokens, budget, breaker, price, openAiMode);
  }

  /** The price that applies to this config's model: the configured one, else the table's. */
  public Price effectivePrice() {
    return price != null ? price : Prices.lookup(provider, model);
  }

  @Override
  public String toString() {
    return "LlmConfig[provider="
        + provider.wire()
        + ", model="
        + model
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "unset" : "(set, redacted)")
        + ", timeout="
        + timeout
        + ", maxTokens="
        + maxTokens
        + ", budget="
        + budget
        + ", breaker="
        + breaker
        + ", price="
        + effectivePrice()
        + ", openAiMode="
        + openAiMode.wire()
        + "]";
  }

  /** Where the model lives. */
  public enum Provider {
    ANTHROPIC("anthropic"),
    OPENAI_COMPATIBLE("openai-compatible");

    private final String wire;

    Provider(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** Parses {@code anthropic} or {@code openai-compatible}; the error names the key. */
    public static Provider parse(String s) {
      for (var p : values()) {
        if (p.wire.equals(s.trim().toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "provider must be anthropic or openai-compatible, but was " + s + " (llm.provider)");
    }
  }

  /** How an OpenAI-compatible endpoint is asked for a structured answer. */
  public enum OpenAiMode {
    /** A forced function call ({@code tools} and {@code tool_choice}). */
    TOOLS("tools"),
    /** A strict JSON schema for the message content ({@code response_format}). */
    JSON_SCHEMA("json_schema");

    private final String wire;

    OpenAiMode(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * What one UTC day may spend. Calls are counted when made (a timed-out call counts); dollars when
   * the provider reports the tokens, so the last call of a day may overshoot by its own cost.
   *
   * @param maxCallsPerDay 0 for no limit
   * @param maxUsdPerDay 0 for no limit
   */
  public record Budget(long maxCallsPerDay, double maxUsdPerDay) {
    public static final Budget DEFAULT = new Budget(2_000, 1.0);
    public static final Budget UNLIMITED = new Budget(0, 0);

    public Budget {
      if (maxCallsPerDay < 0) {
        throw new IllegalArgumentException(
            "max calls per day must not be negative, but was "
                + maxCallsPerDay
                + " (llm.budget.max_calls_per_day)");
      }
      if (!(maxUsdPerDay >= 0) || Double.isInfinite(maxUsdPerDay)) {
        throw new IllegalArgumentException(
            "max USD per day must be a number of at least 0, but was "
                + maxUsdPerDay
                + " (llm.budget.max_usd_per_day)");
      }
    }
  }

  /**
   * The circuit breaker: after {@code failures} unusable answers in a row, no call is made for
   * {@code coolDown}; then one trial call decides whether it closes again.
   */
  public record Breaker(int failures, Duration coolDown) {
    public static final Breaker DEFAULT = new Breaker(5, Duration.ofSeconds(60));

    public Breaker {
      if (failures < 1) {
        throw new IllegalArgumentException(
            "breaker failures must be at least 1, but was " + failures + " (llm.breaker.failures)");
      }
      if (coolDown == null || coolDown.isNegative() || coolDown.isZero()) {
        throw new IllegalArgumentException(
            "breaker cool-down must be positive, but was " + coolDown + " (llm.breaker.cool_down)");
      }
    }
  }

  /** US dollars per million input and output tokens. */
  public record Price(double inputUsdPerMtok, double outputUsdPerMtok) {
    public static final Price FREE = new Price(0, 0);

    public Price {
      if (!(inputUsdPerMtok >= 0) || !(outputUsdPerMtok >= 0)) {
        throw new IllegalArgumentException(
            "prices must not be negative, but were "
                + inputUsdPerMtok
                + " and "
                + outputUsdPerMtok
                + " (llm.price)");
      }
    }

    /** The cost of one call in US dollars. */
    public double usd(long inputTokens, long outputTokens) {
      return (inputTokens * inputUsdPerMtok + outputTokens * outputUsdPerMtok) / 1_000_000.0;
    }
  }
}
