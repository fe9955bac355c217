package dev.runneriq.app.cli;

import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq workload}: write a synthetic trace from a preset. */
@Command(
    name = "workload",
    mixinStandardHelpOptions = true,
    description = "Write a synthetic trace (runneriq.trace/v1) from a preset; .gz compresses it.")
final class WorkloadCommand implements Callable<Integer> {
  @Option(
      names = "--preset",
      required = true,
      paramLabel = "NAME",
      description = "busy-day, heavy-day, release-crunch, nightly or monorepo.")
  String preset = "busy-day";

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description =
          "Multiply the arrival rate (pair with `fleet default --scale`). Default: ${DEFAULT-VALUE}.")
  int scale = 1;

  @Option(
      names = "--load",
      paramLabel = "X",
      description =
          "Multiply the arrival rate on the same fleet: 1.3 is 30%% more work. Default: 1.")
  double load = 1;

  @Option(
      names = "--days",
      defaultValue = "1",
      description = "Consecutive days to generate. Default: ${DEFAULT-VALUE}.")
  int days = 1;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the trace.")
  @Nullable Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private dev.runneriq.formats.Trace generate() {
    try {
      return WorkloadPresets.generate(preset, seed, scale, days, load);
    } catch (IllegalArgumentException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
  }

  @Override
  public Integer call() {
    if (scale < 1 || days < 1) {
      throw new UserError("--scale and --days must be at least 1");
    }
    if (out == null) {
      throw new UserError("--out FILE is required");
    }
    var trace = scale == 1 && days == 1 ? SimulateCommand.preset(preset, seed, load) : generate();
    TraceFormat.write(trace, out);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %d pipelines, %d jobs -> %s%n",
            trace.source(), trace.pipelines().size(), trace.jobCount(), out);
    return 0;
  }
}
