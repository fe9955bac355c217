package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.http.Views;
import dev.runneriq.app.report.Report;
import dev.runneriq.app.report.ReportHtml;
import dev.runneriq.app.report.Reports;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What RunnerIQ saved over a window, read from the audit log: an HTML file and/or JSON. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "What RunnerIQ saved, per project and group, from the audit log: waits per tier, energy and",
      "CO2 (jobs without carbon data counted apart), the estimates of wait saved and CO2 avoided,",
      "the groups' carbon budgets (carbon.budgets) and the runners the Optimizer found unhealthy",
      "or slow. docs/REPORT.md says what each number means."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = {
        "runneriq.yaml: the audit log (store, unless --db names one), the runners' power (fleet),",
        "the budgets (carbon.budgets) and the Optimizer's settings (optimizer)."
      })
  @Nullable Path config;

  @Option(
      names = "--since",
      paramLabel = "WINDOW",
      defaultValue = "30d",
      description = "How far back, in days or hours: 30d, 12h. Default: ${DEFAULT-VALUE}.")
  String since = "30d";

  @Option(names = "--out", paramLabel = "FILE.html", description = "Write the HTML report here.")
  @Nullable Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
  @Nullable Path json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration window;
    try {
      window = Reports.window(since);
    } catch (IllegalArgumentException e) {
      throw new UserError("--" + e.getMessage());
    }
    if (out == null && json == null) {
      throw new UserError("--out FILE.html or --json FILE is required: where to write the report");
    }
    var settings = Reports.Settings.DEFAULT;
    StoreConfig storeConfig = store.existing();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new UserError("cannot read the config file " + config + " (--config)");
      }
      var loaded = ConfigLoader.load(config, System.getenv()).service();
      settings = new Reports.Settings(loaded.sites(), loaded.budgets(), loaded.optimizer().learn());
      if (storeConfig == null) {
        storeConfig = loaded.store();
      }
    }
    if (storeConfig == null) {
      throw new UserError("--db FILE|URL or --config FILE is required: which audit log to read");
    }
    Report report;
    try (var opened = AuditStore.open(storeConfig)) {
      report = Reports.read(opened, settings, window, Instant.now());
    } catch (StoreException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
    if (json != null) {
      write(
          json,
          Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Views.tree(report))
              + "\n",
          "--json");
    }
    if (out != null) {
      write(out, ReportHtml.render(report), "--out");
    }
    var all = report.all();
    spec.commandLine()
        .getOut()
        .print(
            TextOutput.line(
                String.format(
                    java.util.Locale.ROOT,
                    "%d jobs in %d projects, %d groups; %.3f kg CO2 (%d finished jobs without carbon"
                        + " data); %d budgets; %d runners flagged",
                    all.jobs(),
                    report.projects().size(),
                    report.groups().size(),
                    all.co2().co2Kg(),
                    all.co2().withoutCarbonData(),
                    report.budgets().size(),
                    report.runners().flagged().size())));
    return 0;
  }

  private static void write(Path file, String text, String flag) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(flag + ": cannot write " + file + ": " + e.getMessage());
    }
  }
}
