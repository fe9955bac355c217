package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runneriq.app.LoopbackModel;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.optimizer.Honesty;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser opens the dashboard: the queue, the fleet and a decision's explanation appear. The
 * screenshot is kept as a test artifact in target/screenshots/.
 */
class DashboardBrowserTest {
  @TempDir Path dir;

  @Test
  void dashboardShowsQueueFleetAndAnExplanation() throws Exception {
    assumeTrue(
        Browser.available() || System.getenv("CI") != null,
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    var snapshot = ContextFormat.read(Path.of("..", "examples", "deploy-rush.json"));
    // the near-tie of compile (job 502) goes to a model on loopback: a decision to review
    List<Decision> decisions;
    Engine engine;
    try (var model = new LoopbackModel()) {
      var yaml = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      try (var configured = ConfiguredEngine.of(ConfigLoader.load(yaml, Map.of()))) {
        decisions = configured.engine().decide(snapshot, 42);
      }
      engine = Engine.standard(EngineConfig.DEFAULT);
    }
    var insights =
        new Insights(
            1840,
            1200,
            0.987,
            List.of(
                new Insights.RunnerInsight(
                    14, "shared-docker-1", 96, 0.81, 1.0, List.of("unhealthy")),
                new Insights.RunnerInsight(15, "shared-docker-2", 48, 0.987, 1.0, List.of())),
            List.of(
                new Honesty.Flag(
                    "shop/rush",
                    Honesty.HOTFIX,
                    0.86,
                    0.005,
                    14,
                    -15,
                    "86% of this project's pipelines run on hotfix branches against 0% across the"
                        + " other projects",
                    false)));
    var state = new FixedState(snapshot, decisions, Instant.now(), null, true, insights);
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
    store.write(decisions);
    var options =
        new ApiServer.Options(
            "127.0.0.1", 0, BearerAuth.required("tok"), false, 1 << 20, Duration.ofMinutes(5));
    try (var server =
        new ApiServer(options, () -> state, engine, store, new ServiceMetrics(() -> state), null)
            .start()) {
      var driver = Browser.start(dir.resolve("profile"));
      try {
        driver.get("http://127.0.0.1:" + server.port() + "/?token=tok");
        var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queue tbody tr")));
        var firstRow = driver.findElement(By.cssSelector("#queue tbody tr"));
        assertThat(firstRow.getText()).contains("CRITICAL").contains("deploy-prod");
        assertThat(driver.findElements(By.cssSelector("#fleet tbody tr"))).hasSize(4);
        assertThat(driver.findElement(By.id("fleet")).getText()).contains("shared-docker-1");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#decisions li")));
        assertThat(driver.findElements(By.cssSelector("#wait-chart rect"))).isNotEmpty();
        // the Optimizer's panel: the runner it found unhealthy, the project it damps
        wait.until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("#calibration tbody tr")));
        assertThat(driver.findElements(By.cssSelector("#runner-insights tbody tr")))
            .singleElement()
            .satisfies(
                row ->
                    assertThat(row.getText())
                        .contains("shared-docker-1")
                        .contains("81.0%")
                        .contains("unhealthy"));
        assertThat(driver.findElement(By.id("calibration")).getText())
            .contains("shop/rush")
            .contains("-15")
            .contains("86% of this project's pipelines run on hotfix branches");
        assertThat(driver.findElement(By.id("optimizer-note")).getText())
            .contains("Learned from 1840 finished job(s)")
            .contains("1 project(s) damped");

        clickDecision(wait, "deploy-prod");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-explanation")));
        assertThat(driver.findElement(By.id("detail-explanation")).getText())
            .contains("deploy-prod is CRITICAL")
            .contains("deploys to production");

        driver.findElement(By.cssSelector("#decision-detail form button")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("decision-detail")));
        assertThat(clickDecision(wait, "compile")).contains("[llm]").contains("review");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-review")));
        assertThat(driver.findElement(By.id("detail-review")).getText())
            .contains("Needs human review")
            .contains("loopback-1");

        // under the content security policy: the load bars are drawn, nothing was refused
        assertThat(driver.findElements(By.cssSelector("#fleet .bar i")))
            .anySatisfy(bar -> assertThat(bar.getCssValue("width")).isNotEqualTo("0px"));
        assertThat(Browser.policyViolations(driver)).isEmpty();
        assertThat(driver.getCurrentUrl())
            .as("the token left the address bar")
            .doesNotContain("tok");

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("dashboard.png"), driver.getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.quit();
      }
    }
  }

  /**
   * Clicks the decision of {@code job} in the dashboard's list and says what it read there: the
   * list is drawn again as the dashboard refreshes, so an item found may be gone by the click, and
   * then it is found again.
   */
  private static String clickDecision(WebDriverWait wait, String job) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              var item =
                  d.findElement(By.xpath("//ul[@id='decisions']/li[contains(., '" + job + "')]"));
              String text = item.getText();
              item.click();
              return text;
            });
  }
}
