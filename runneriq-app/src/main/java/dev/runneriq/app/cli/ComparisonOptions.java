package dev.runneriq.app.cli;

import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.CarbonSeriesFormat;
import dev.runneriq.sim.workload.Bundled;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options {@code simulate} and {@code replay} share: the grid and the files they write. */
final class ComparisonOptions {
  @Option(
      names = "--carbon",
      paramLabel = "PATH",
      description =
          "Carbon series: a CSV file or a directory of them. Default: bundled Electricity Maps 2023 series.")
  @Nullable Path carbon;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write runneriq.sim-result/v1 JSON here.")
  @Nullable Path json;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write a self-contained HTML report here.")
  @Nullable Path report;

  /** The series {@code --carbon} names, else the bundled one. */
  CarbonSeries series() {
    return carbon != null ? CarbonSeriesFormat.read(carbon, false) : Bundled.carbon();
  }
}
