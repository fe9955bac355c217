package dev.runneriq.app.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** What the Optimizer found, as metrics: read from the live state at scrape time. */
final class OptimizerMetrics {
  private final PrometheusMeterRegistry registry;
  private final Supplier<LiveState> state;
  private final Set<Long> learnedRunners = ConcurrentHashMap.newKeySet();
  private final Set<String> calibrated = ConcurrentHashMap.newKeySet();

  OptimizerMetrics(PrometheusMeterRegistry registry, Supplier<LiveState> state) {
    this.registry = registry;
    this.state = state;
    FunctionCounter.builder(
            "runneriq_optimizer_learned_jobs", state, s -> s.get().insights().learnedFrom())
        .description("Finished jobs the Optimizer learned from (its start's backfill among them)")
        .register(registry);
    Gauge.builder(
            "runneriq_optimizer_fleet_success_rate",
            () -> state.get().insights().fleetSuccessRate())
        .description("Share of all runners' runs that did not fail by their runner's fault")
        .register(registry);
  }

  /**
   * Per runner the Optimizer learned of, its success rate, duration factor and whether it is named
   * unhealthy or slow; per project it damps, the points: registered as they first appear, NaN (a
   * runner) or 0 (a project) once gone.
   */
  void bind(Insights insights) {
    for (var r : insights.runners()) {
      if (!learnedRunners.add(r.id())) {
        continue;
      }
      long id = r.id();
      var tags = Tags.of("runner", r.name(), "id", Long.toString(id));
      Gauge.builder("runneriq_runner_success_rate", () -> runner(id, v -> v.successRate()))
          .description("A runner's learned share of runs not failed by its own fault")
          .tags(tags)
          .register(registry);
      Gauge.builder("runneriq_runner_duration_factor", () -> runner(id, v -> v.durationFactor()))
          .description(
              "How long a runner's jobs take against their median, past its declared speed")
          .tags(tags)
          .register(registry);
      for (String flag : List.of("unhealthy", "slow")) {
        Gauge.builder(
                "runneriq_runner_flagged", () -> runner(id, v -> v.flags().contains(flag) ? 1 : 0))
            .description("1 when the Optimizer names a runner unhealthy or slow")
            .tags(tags.and("flag", flag))
            .register(registry);
      }
    }
    for (var f : insights.calibration()) {
      String project = f.project();
      if (calibrated.add(project)) {
        Gauge.builder(
                "runneriq_project_calibration_points",
                () ->
                    state.get().insights().calibration().stream()
                        .filter(c -> c.project().equals(project))
                        .mapToInt(c -> c.points())
                        .findFirst()
                        .orElse(0))
            .description("Points taken off a project's jobs because its claims stand out")
            .tag("project", project)
            .register(registry);
      }
    }
  }

  private double runner(long id, ToDoubleFunction<Insights.RunnerInsight> f) {
    for (var r : state.get().insights().runners()) {
      if (r.id() == id) {
        return f.applyAsDouble(r);
      }
    }
    return Double.NaN;
  }
}
