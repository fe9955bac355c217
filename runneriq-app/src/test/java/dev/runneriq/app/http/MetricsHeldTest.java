package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A meter whose value comes from an object made only for it (a lambda, a cache) still reads it
 * after the collector ran: Micrometer holds such objects weakly, and a meter whose object was
 * collected reads NaN for the rest of the process.
 */
class MetricsHeldTest {
  @Test
  void metersMadeOfLambdasOutliveACollection() {
    // lambdas that capture, so each is an object of its own, as the service's are
    var counts = new long[] {3, 7};
    var ratios = Map.of("shop", 0.6);
    var metrics =
        new ServiceMetrics(LoopbackApi::example)
            .bindHookBacklog(() -> (int) counts[0], () -> counts[1])
            .bindBudgets(List.of("shop"), () -> ratios);

    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    var samples = PrometheusText.parse(metrics.scrape());
    assertThat(value(samples, "runneriq_hook_backlog_jobs")).isEqualTo(3.0);
    assertThat(value(samples, "runneriq_hook_dropped_total")).isEqualTo(7.0);
    assertThat(value(samples, "runneriq_carbon_budget_used_ratio")).isCloseTo(0.6, within(1e-9));
  }

  private static double value(List<PrometheusText.Sample> samples, String name) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not scraped"))
        .value();
  }
}
