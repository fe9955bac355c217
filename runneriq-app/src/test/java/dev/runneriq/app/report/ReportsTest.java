package dev.runneriq.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.app.cli.RunnerIqCommand;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report computed from a real SQLite audit log filled through the store's API ({@link
 * ReportFixture}), and {@code runneriq report} writing it.
 */
class ReportsTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @TempDir Path dir;

  Report report() {
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
    ReportFixture.fill(store, NOW);
    return Reports.read(store, ReportFixture.SETTINGS, Duration.ofDays(30), NOW);
  }

  static Report.Scope scope(java.util.List<Report.Scope> scopes, String path) {
    return scopes.stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void eachJobCountsOnceInItsProjectAndEveryGroupAboveIt() {
    var r = report();

    assertThat(r.all().jobs()).as("the job decided 40 days ago is outside 30d").isEqualTo(4);
    assertThat(r.projects())
        .extracting(Report.Scope::path)
        .containsExactly("docs/site", "shop/backend/api", "shop/web");
    assertThat(r.groups())
        .extracting(Report.Scope::path)
        .containsExactly("docs", "shop", "shop/backend");
    assertThat(scope(r.groups(), "shop").jobs()).isEqualTo(3);
    assertThat(scope(r.groups(), "shop/backend").jobs()).isEqualTo(2);
    assertThat(scope(r.groups(), "docs").jobs()).isEqualTo(1);
  }

  @Test
  void waitsPerTierSplitByWhetherTheAdviceWasFollowed() {
    var critical = report().all().tiers().get("CRITICAL");

    assertThat(critical.jobs()).isEqualTo(2);
    assertThat(critical.waited()).isEqualTo(2);
    assertThat(critical.p50S()).isEqualTo(10L);
    assertThat(critical.p95S()).isEqualTo(50L);
    assertThat(critical.followed()).isEqualTo(1);
    assertThat(critical.notFollowed()).isEqualTo(1);
    assertThat(critical.waitSavedP50EstimateS()).isEqualTo(40L);
    var low = report().all().tiers().get("LOW");
    assertThat(low.jobs()).as("the pending job counts, without a wait").isEqualTo(2);
    assertThat(low.waited()).isEqualTo(1);
    assertThat(low.waitSavedP50EstimateS()).as("no job ran elsewhere than advised").isNull();
    assertThat(report().all().tiers().get("HIGH").p50S()).isNull();
  }

  @Test
  void energyAndCo2CountJobsWithoutCarbonDataApart() {
    var r = report();
    var shop = scope(r.groups(), "shop").co2();

    assertThat(shop.jobsFinished()).isEqualTo(3);
    assertThat(shop.jobsEstimated()).isEqualTo(2);
    assertThat(shop.withoutCarbonData()).isEqualTo(1);
    assertThat(shop.energyKwh()).isCloseTo(4.0, within(1e-3));
    assertThat(shop.co2Kg()).as("0.1 on runner 1 + 0.5 on runner 2").isCloseTo(0.6, within(1e-3));
    var backend = scope(r.groups(), "shop/backend");
    assertThat(backend.co2().co2Kg()).isCloseTo(0.5, within(1e-3));
    assertThat(backend.co2().withoutCarbonData()).isEqualTo(1);
    assertThat(scope(r.groups(), "docs").co2().jobsFinished()).isZero();
  }

  @Test
  void co2AvoidedIsEstimatedAgainstTheCandidatesMeanWhereTheDecisionHoldsBoth() {
    var r = report();

    var web = scope(r.projects(), "shop/web").co2AvoidedEstimate();
    assertThat(web.kg()).as("1 kWh x (300 - 100) g/kWh").isCloseTo(0.2, within(1e-4));
    var api = scope(r.projects(), "shop/backend/api").co2AvoidedEstimate();
    assertThat(api.kg()).as("1 kWh x (300 - 500) g/kWh").isCloseTo(-0.2, within(1e-4));
    assertThat(api.jobsEstimated()).isEqualTo(1);
    assertThat(api.withoutData()).isEqualTo(1);
  }

  @Test
  void aBudgetBurnsDownDayByDayThroughTheMonth() {
    var b = report().budgets();

    assertThat(b).hasSize(1);
    var shop = b.get(0);
    assertThat(shop.group()).isEqualTo("shop");
    assertThat(shop.month()).isEqualTo("2026-11");
    assertThat(shop.usedKg()).isCloseTo(0.6, within(1e-3));
    assertThat(shop.usedRatio()).isCloseTo(0.6, within(1e-3));
    assertThat(shop.jobsWithoutData()).isEqualTo(1);
    assertThat(shop.burnDown()).hasSize(28);
    assertThat(shop.burnDown().get(25).usedKg()).as("nothing before the 27th").isZero();
    var last = shop.burnDown().get(27);
    assertThat(last.date()).isEqualTo("2026-11-28");
    assertThat(last.usedKg()).isCloseTo(0.6, within(1e-3));
    assertThat(last.remainingKg()).isCloseTo(0.4, within(1e-3));
    assertThat(last.paceKg()).isCloseTo(28 / 30.0, within(1e-3));
  }

  @Test
  void theRunnersTheOptimizerFlaggedAreNamedWithTheServicesThresholds() {
    var runners = report().runners();

    assertThat(runners.flagged()).extracting(Report.Flagged::id).containsExactly(2L, 3L);
    assertThat(runners.flagged().get(0).flags()).containsExactly("unhealthy");
    assertThat(runners.flagged().get(1).flags()).containsExactly("slow");
  }

  @Test
  void aWindowIsDaysOrHours() {
    assertThat(Reports.window("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Reports.window("12h")).isEqualTo(Duration.ofHours(12));
    for (String bad : new String[] {"30", "0d", "400d", "3w", "-1d"}) {
      assertThatThrownBy(() -> Reports.window(bad))
          .hasMessageContaining("since must be days or hours")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void theCommandWritesHtmlWithSvgChartsAndTheJson() throws Exception {
    Path db = dir.resolve("cli.db");
    ReportFixture.fill(AuditStore.open(StoreConfig.sqlite(db)), Instant.now());
    Path config = dir.resolve("runneriq.yaml");
    Files.writeString(
        config, "fleet: {watts: 1000}\ncarbon:\n  budgets:\n    shop: {kg_per_month: 1}\n");
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        RunnerIqCommand.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "report",
            "--db",
            db.toString(),
            "--config",
            config.toString(),
            "--since",
            "30d",
            "--out",
            dir.resolve("r.html").toString(),
            "--json",
            dir.resolve("r.json").toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("4 jobs in 3 projects, 3 groups");
    String html = Files.readString(dir.resolve("r.html"));
    assertThat(html).contains("<svg", "<polyline", "shop/backend", "wait saved p50 (est.)");
    assertThat(html).doesNotContain("<script");
    var json = Documents.JSON.readTree(dir.resolve("r.json").toFile());
    assertThat(json.path("format").asText()).isEqualTo(Report.FORMAT);
    assertThat(json.path("budgets").get(0).path("group").asText()).isEqualTo("shop");
    assertThat(json.path("all").path("co2").path("without_carbon_data").asInt()).isEqualTo(1);
  }

  @Test
  void theCommandRefusesABadWindowAMissingStoreAndNoOutput() {
    Path db = dir.resolve("cli.db");
    AuditStore.open(StoreConfig.sqlite(db));
    assertThat(run("report", "--db", db.toString(), "--since", "3w", "--json", "x.json"))
        .contains("--since must be days or hours");
    assertThat(run("report", "--db", dir.resolve("nope.db").toString(), "--json", "x.json"))
        .contains("no such audit log");
    assertThat(run("report", "--db", db.toString())).contains("--out FILE.html or --json FILE");
    assertThat(run("report", "--out", "x.html")).contains("--db FILE|URL or --config FILE");
  }

  private static String run(String... args) {
    var err = new StringWriter();
    int code = RunnerIqCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    assertThat(code).as(err.toString()).isEqualTo(RunnerIqCommand.BAD_INPUT);
    return err.toString();
  }
}
