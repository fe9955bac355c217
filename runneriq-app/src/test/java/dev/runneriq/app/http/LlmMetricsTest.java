package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.LoopbackModel;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.formats.ContextFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model tie-breaker's counters in the Prometheus scrape. */
class LlmMetricsTest {
  @TempDir Path dir;

  @Test
  void callsTokensLatencyCostAndFallbacksAreExported() throws Exception {
    var snapshot = ContextFormat.read(Path.of("..", "examples", "deploy-rush.json"));
    try (var model = new LoopbackModel()) {
      Path file =
          Files.writeString(
              dir.resolve("runneriq.yaml"),
              model.yaml() + "  price:\n    input_usd_per_mtok: 1\n    output_usd_per_mtok: 5\n");
      try (var engine = ConfiguredEngine.of(ConfigLoader.load(file, Map.of()))) {
        var decisions = engine.engine().decide(snapshot, 42);
        var state = new FixedState(snapshot, decisions, Instant.now(), null, true);
        var stats = engine.llmStats();
        assertThat(stats).isNotNull();
        var metrics = new ServiceMetrics(() -> state).bindLlm(stats);
        String text = metrics.scrape();
        long calls = model.bodies().size();
        assertThat(calls).isPositive();
        assertThat(text)
            .contains("runneriq_llm_calls_total " + (double) calls)
            .contains("runneriq_llm_accepted_total " + (double) calls)
            .contains("runneriq_llm_tokens_total{direction=\"input\"} " + 900.0 * calls)
            .contains("runneriq_llm_tokens_total{direction=\"output\"} " + 40.0 * calls)
            .contains("runneriq_llm_fallbacks_total{reason=\"timeout\"} 0.0")
            .contains("runneriq_llm_fallbacks_total{reason=\"outside_near_ties\"} 0.0")
            .contains("runneriq_llm_latency_seconds_total")
            .contains("runneriq_llm_latency_seconds_max")
            .contains("runneriq_llm_cost_usd_total " + (900 * 1 + 40 * 5) * calls / 1e6);
      }
    }
  }
}
