package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.app.report.ReportFixture;
import dev.runneriq.app.report.Reports;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/report} answers the report of the audit log as its schema says, refuses a bad
 * window with 400, and each carbon budget's gauge shows in /metrics.
 */
class ReportEndpointTest {
  static final String TOKEN = "report-token";

  @TempDir Path dir;

  @Test
  void theReportAnswersAsDocumentedAndABadWindowIs400() throws Exception {
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
    ReportFixture.fill(store, Instant.now());
    var state = LoopbackApi.example();
    var api = OpenApiSchemas.served();
    try (var server =
        LoopbackApi.start(
                TOKEN, 64 * 1024, () -> state, store, new ServiceMetrics(() -> state), null)
            .reportSettings(ReportFixture.SETTINGS)) {
      var r = ApiServerTest.call(server.port(), "GET", "/api/v1/report?since=30d", TOKEN, "");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(api.answerProblems("GET", ReportEndpoint.PATH, 200, "application/json", r.body()))
          .isEmpty();
      var json = Documents.JSON.readTree(r.body());
      assertThat(json.path("all").path("jobs").asInt()).isEqualTo(4);
      assertThat(json.path("budgets").get(0).path("group").asText()).isEqualTo("shop");

      var bad = ApiServerTest.call(server.port(), "GET", "/api/v1/report?since=3w", TOKEN, "");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("since must be days or hours");
      assertThat(
              api.answerProblems("GET", ReportEndpoint.PATH, 400, "application/json", bad.body()))
          .isEmpty();
    }
  }

  @Test
  void eachBudgetIsAGaugeOfItsUsedShareInMetrics() throws Exception {
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("gauge.db")));
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    ReportFixture.fill(store, now);
    var state = LoopbackApi.example();
    var metrics =
        new ServiceMetrics(() -> state)
            .bindBudgets(
                ReportFixture.SETTINGS.budgets().kgPerMonth().keySet(),
                () -> Reports.budgetRatios(store, ReportFixture.SETTINGS, now));
    try (var server = LoopbackApi.start(TOKEN, 64 * 1024, () -> state, store, metrics, null)) {
      var r = ApiServerTest.call(server.port(), "GET", "/metrics", TOKEN, "");
      assertThat(r.statusCode()).isEqualTo(200);

      var samples =
          PrometheusText.parse(r.body()).stream()
              .filter(s -> s.name().equals("runneriq_carbon_budget_used_ratio"))
              .toList();
      assertThat(samples).hasSize(1);
      assertThat(samples.get(0).labels()).containsEntry("group", "shop");
      assertThat(samples.get(0).value()).as("0.6 kg of 1 kg").isCloseTo(0.6, within(1e-3));
      PrometheusText.checkWithPromtool(r.body());
    }
  }

  @Test
  void aBudgetReadsNaNWhileTheAuditLogDoesNotAnswer() {
    var state = LoopbackApi.example();
    var metrics =
        new ServiceMetrics(() -> state)
            .bindBudgets(
                java.util.List.of("shop"),
                () -> {
                  throw new dev.runneriq.store.StoreException("down", new RuntimeException("down"));
                });

    var sample =
        PrometheusText.parse(metrics.scrape()).stream()
            .filter(s -> s.name().equals("runneriq_carbon_budget_used_ratio"))
            .findFirst()
            .orElseThrow();

    assertThat(sample.value()).isNaN();
  }
}
