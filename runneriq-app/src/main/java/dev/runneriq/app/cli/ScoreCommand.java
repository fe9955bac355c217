package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.http.Views;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.formats.Documents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq score}: each pending job's priority and its factor lines. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Print each pending job's priority (0-100), tier and factor lines.")
final class ScoreCommand implements Callable<Integer> {
  @Mixin ContextOptions options = new ContextOptions();

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format = OutputFormat.text;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  record Scored(PendingJob job, Priority priority) {}

  @Override
  public Integer call() throws Exception {
    var snapshot = options.snapshot();
    Analyzer analyzer;
    try (var engine = ConfiguredEngine.of(options.config())) {
      analyzer = engine.engine().analyzer();
    }
    var scored = new ArrayList<Scored>();
    for (var job : snapshot.jobs()) {
      scored.add(new Scored(job, analyzer.score(job, snapshot.now(), snapshot.calibration())));
    }
    scored.sort(
        Comparator.comparingInt((Scored s) -> -s.priority().score())
            .thenComparing(s -> s.job().pendingSince())
            .thenComparingLong(s -> s.job().id()));
    var out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      var root = Documents.JSON.createObjectNode();
      root.put("format", "runneriq.scores/v1");
      root.put("now", snapshot.now().toString());
      var arr = root.putArray("jobs");
      for (var s : scored) {
        arr.add(Views.score(s.job(), s.priority()));
      }
      out.println(Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      for (var s : scored) {
        out.print(TextOutput.priority(s.job(), s.priority()));
      }
    }
    out.flush();
    return 0;
  }
}
