package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.Policies;
import dev.runneriq.sim.Simulator;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq simulate}: replay a trace under several policies and compare. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a CI workload on a runner fleet under several policies (same trace, fleet, carbon"
          + " and seed) and compare waits per tier, lead times, utilization, energy and CO2.",
      "With no arguments: the busy-day preset on the default fleet with the bundled carbon data."
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "A trace (runneriq.trace/v1, JSON Lines, .gz ok).")
  @Nullable Path trace;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "A built-in workload: busy-day (default), heavy-day (busy-day with 30%% more work),"
              + " release-crunch, nightly, monorepo.")
  @Nullable String preset;

  @Option(
      names = "--load",
      paramLabel = "X",
      description =
          "Multiply the preset's arrival rate on the same fleet: 1.3 is 30%% more work."
              + " Default: 1.")
  double load = 1;

  @Option(
      names = "--fleet",
      paramLabel = "FILE",
      description = "A fleet (runneriq.fleet/v1, YAML or JSON). Default: the built-in fleet.")
  @Nullable Path fleet;

  @Option(
      names = "--policies",
      paramLabel = "LIST",
      split = ",",
      description =
          "Policies to compare. Default:"
              + " fifo,fair,runneriq,runneriq-carbon,oracle-carbon,critical-only.")
  List<String> policies = new ArrayList<>(Policies.DEFAULT);

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for the workload and the simulation. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(
      names = "--forecast-error",
      paramLabel = "SIGMA",
      description =
          "runneriq-carbon: relative standard deviation of the forecast error where the series"
              + " has no forecast rows. Default: 0.169 (docs/CARBON.md).")
  double forecastError = ForecastError.DEFAULT_SIGMA;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = {
        "runneriq.yaml: priority and placement settings of the runneriq policy; with an llm",
        "section, its near-ties go to that model (decisions counted as llm)."
      })
  @Nullable Path config;

  @Mixin ComparisonOptions files = new ComparisonOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (trace != null && preset != null) {
      throw new UserError("give --trace or --preset, not both");
    }
    if (trace != null && load != 1) {
      throw new UserError("--load multiplies a preset's arrivals; it does not apply to --trace");
    }
    if (!(forecastError >= 0 && forecastError <= 10)) {
      throw new UserError("--forecast-error must be between 0 and 10, but was " + forecastError);
    }
    try (var engine = ConfiguredEngine.of(ConfigLoader.load(config, System.getenv()))) {
      return simulate(new Simulator(engine.engine(), forecastError));
    }
  }

  private int simulate(Simulator simulator) throws java.io.IOException {
    Comparison.checkPolicies(simulator, policies);
    Trace t =
        trace != null
            ? TraceFormat.read(trace)
            : preset(preset == null ? "busy-day" : preset, seed, load);
    Fleet runners = fleet != null ? FleetFormat.readFleet(fleet) : Fleet.of(Bundled.fleet());
    CarbonSeries series = files.series();
    var cli = spec.commandLine();
    Comparison.run(
        simulator,
        t,
        runners,
        series,
        policies,
        seed,
        cli.getOut(),
        cli.getErr(),
        files.json,
        files.report);
    return 0;
  }

  static Trace preset(String name, long seed, double load) {
    if (!(load > 0 && load <= WorkloadPresets.MAX_LOAD)) {
      throw new UserError(
          "--load must be above 0 and at most " + WorkloadPresets.MAX_LOAD + ", but was " + load);
    }
    try {
      return WorkloadPresets.generate(name, seed, 1, 1, load);
    } catch (IllegalArgumentException e) {
      throw new UserError("--preset: " + e.getMessage());
    }
  }
}
