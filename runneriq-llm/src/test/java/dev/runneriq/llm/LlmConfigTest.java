package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.llm.LlmConfig.Price;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

  @Test
  void theKeyComesFromTheEnvironmentAndIsNeverPrinted() {
    var c = LlmConfig.DEFAULT.withApiKeyFrom(Map.of(LlmConfig.API_KEY_ENV, Fixtures.KEY));
    assertThat(c.apiKey()).isEqualTo(Fixtures.KEY);
    assertThat(c.toString()).doesNotContain(Fixtures.KEY).contains("apiKey=(set, redacted)");
    assertThat(LlmConfig.DEFAULT.withApiKeyFrom(Map.of()).apiKey()).isNull();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(LlmConfig.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(LlmConfig.DEFAULT.provider()).isEqualTo(LlmConfig.Provider.ANTHROPIC);
    assertThat(LlmConfig.DEFAULT.effectivePrice()).isEqualTo(new Price(1.00, 5.00));
  }

  @Test
  void errorsNameTheKeyAndTheBadValue() {
    var d = LlmConfig.DEFAULT;
    assertThatThrownBy(
            () ->
                new LlmConfig(
                    d.provider(),
                    d.model(),
                    d.baseUrl(),
                    null,
                    Duration.ZERO,
                    d.maxTokens(),
                    d.budget(),
                    d.breaker(),
                    null,
                    d.openAiMode()))
        .hasMessage("timeout must be between 1 ms and 60 s, but was PT0S (llm.timeout)");
    assertThatThrownBy(
            () ->
                new LlmConfig(
                    d.provider(),
                    d.model(),
                    "ftp://x",
                    null,
                    d.timeout(),
                    d.maxTokens(),
                    d.budget(),
                    d.breaker(),
                    null,
                    d.openAiMode()))
        .hasMessageContaining("(llm.base_url)");
    assertThatThrownBy(() -> new LlmConfig.Budget(-1, 0))
        .hasMessageContaining("(llm.budget.max_calls_per_day)");
    assertThatThrownBy(() -> LlmConfig.Provider.parse("openai"))
        .hasMessage(
            "provider must be anthropic or openai-compatible, but was openai (llm.provider)");
    assertThat(LlmConfig.Provider.parse("openai-compatible"))
        .isEqualTo(LlmConfig.Provider.OPENAI_COMPATIBLE);
  }

  @Test
  void pricesMatchDatedModelIdsAndErrOnTheSafeSide() {
    assertThat(Prices.lookup(LlmConfig.Provider.ANTHROPIC, "claude-haiku-4-5-20251001"))
        .isEqualTo(new Price(1.00, 5.00));
    assertThat(Prices.lookup(LlmConfig.Provider.ANTHROPIC, "claude-opus-4-5-20251101"))
        .isEqualTo(new Price(5.00, 25.00));
    assertThat(Prices.lookup(LlmConfig.Provider.ANTHROPIC, "claude-opus-4-1"))
        .isEqualTo(new Price(15, 75));
    assertThat(Prices.lookup(LlmConfig.Provider.ANTHROPIC, "claude-next"))
        .isEqualTo(Prices.UNKNOWN_ANTHROPIC);
    assertThat(Prices.lookup(LlmConfig.Provider.OPENAI_COMPATIBLE, "llama3.1:8b"))
        .isEqualTo(Price.FREE);
    assertThat(new Price(1.00, 5.00).usd(1_000_000, 100_000)).isEqualTo(1.5);
  }
}
