package dev.runneriq.app.cli;

import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.Printable;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.SimResult;
import dev.runneriq.sim.Simulator;
import dev.runneriq.sim.report.HtmlReport;
import dev.runneriq.sim.report.ProgressBar;
import dev.runneriq.sim.report.ResultJson;
import dev.runneriq.sim.report.TableReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code simulate} and {@code replay} share: one trace on one fleet under several policies,
 * the warnings about the world, the table on stdout, and the JSON and HTML files when asked.
 */
final class Comparison {
  private Comparison() {}

  /** Fails naming {@code --policies} when one of {@code policies} is not known. */
  static void checkPolicies(Simulator simulator, List<String> policies) {
    for (String p : policies) {
      try {
        simulator.policies().get(p);
      } catch (IllegalArgumentException e) {
        throw new UserError("--policies: " + e.getMessage());
      }
    }
  }

  /** Runs the comparison with a progress bar on stderr, prints the table, writes the files. */
  static SimResult run(
      Simulator simulator,
      Trace trace,
      Fleet fleet,
      CarbonSeries series,
      List<String> policies,
      long seed,
      PrintWriter out,
      PrintWriter err,
      @Nullable Path json,
      @Nullable Path report)
      throws IOException {
    var world = simulator.world(trace, fleet, series);
    for (String runner : world.runnersWithoutCarbonData()) {
      err.println(
          "runneriq: warning: no carbon data for runner "
              + Printable.escape(runner)
              + ": its jobs' CO2 counts as \"no data\", not as 0 kg");
    }
    if (world.unplaceableJobs() > 0) {
      err.println(
          "runneriq: warning: "
              + world.unplaceableJobs()
              + " jobs match no runner of the fleet and never start");
    }
    err.flush();
    var result = simulator.compare(world, policies, seed, new ProgressBar(System.err, 1500));
    out.print(TableReport.render(result));
    out.flush();
    if (json != null) {
      Files.writeString(
          json,
          Documents.JSON
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(ResultJson.write(result))
              + "\n",
          StandardCharsets.UTF_8);
    }
    if (report != null) {
      Files.writeString(report, HtmlReport.render(result, series), StandardCharsets.UTF_8);
    }
    return result;
  }
}
