package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runneriq.app.http.Browser;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium opens the dashboard of a running demo (the service in front of the simulated
 * GitLab, busy-day workload at 60x): the queue, the fleet with each runner's carbon intensity, the
 * carbon chart (past and forecast per zone) and a decision's explanation appear. Screenshots are
 * kept in target/screenshots/ (demo-dashboard.png, and demo-carbon.png of the chart).
 */
class DemoDashboardBrowserTest {

  @TempDir Path dir;

  @Test
  void dashboardOfARunningDemoShowsQueueFleetAndAnExplanation() throws Exception {
    assumeTrue(
        Browser.available() || System.getenv("CI") != null,
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    var trace = WorkloadPresets.generate("busy-day", 7);
    try (var run =
        SimulatedRun.start(
            trace,
            Bundled.fleet(),
            WorkloadPresets.DAY.plus(Duration.ofHours(13)),
            60,
            7,
            StoreConfig.sqlite(dir.resolve("audit.db")),
            0,
            Engine.standard(EngineConfig.DEFAULT),
            Duration.ofMillis(100))) {
      var driver = Browser.start(dir.resolve("profile"));
      try {
        driver.get("http://127.0.0.1:" + run.service().port() + "/?token=" + run.apiToken());
        var wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#fleet tbody tr")));
        assertThat(driver.findElements(By.cssSelector("#fleet tbody tr")))
            .hasSize(Bundled.fleet().size());
        // the tables are redrawn every 3 s from a live queue: a row found may be gone the next
        // moment, so each check finds its rows afresh until it holds
        wait.ignoring(StaleElementReferenceException.class)
            .until(
                d ->
                    d.findElements(By.cssSelector("#queue tbody tr td:first-child")).stream()
                        .anyMatch(td -> td.getText().matches("CRITICAL|HIGH|MEDIUM|LOW")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#decisions li")));
        wait.ignoring(StaleElementReferenceException.class)
            .until(
                d -> {
                  d.findElement(By.cssSelector("#decisions li")).click();
                  return true;
                });
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-explanation")));
        assertThat(driver.findElement(By.id("detail-explanation")).getText())
            .matches("(?s).+ is (CRITICAL|HIGH|MEDIUM|LOW) \\(\\d+\\).*");

        // the grid: intensity per runner, the past and the forecast per zone
        wait.until(
            d ->
                d.findElements(By.cssSelector("#fleet tbody tr td:nth-child(6)")).stream()
                    .anyMatch(td -> td.getText().matches("\\d+")));
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#carbon-chart polyline.carbon-forecast")));
        assertThat(driver.findElements(By.cssSelector("#carbon-chart polyline.carbon-past")))
            .hasSizeGreaterThanOrEqualTo(4);
        assertThat(driver.findElement(By.id("carbon-legend")).getText())
            .contains("DE", "GB", "US-CAL-CISO", "CA-ON", "g/kWh");
        assertThat(driver.findElement(By.id("carbon-note")).getText()).contains("simulated");

        assertThat(Browser.policyViolations(driver))
            .as("under the content security policy")
            .isEmpty();
        assertThat(driver.getCurrentUrl()).doesNotContain(run.apiToken());

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("demo-dashboard.png"), driver.getScreenshotAs(OutputType.BYTES));
        driver.findElement(By.cssSelector("#decision-detail button")).click();
        var chartCard = driver.findElement(By.id("carbon-chart")).findElement(By.xpath(".."));
        Files.write(shots.resolve("demo-carbon.png"), chartCard.getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.quit();
      }
    }
  }
}
