package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq decide}: the engine on one snapshot (context-driven mode). */
@Command(
    name = "decide",
    mixinStandardHelpOptions = true,
    description = {
      "Decide which runner should take each pending job of a context snapshot, and why.",
      "Prints one decision per pending job, highest priority first."
    })
final class DecideCommand implements Callable<Integer> {
  @Mixin ContextOptions options = new ContextOptions();

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json (runneriq.decisions/v1) or text. Default: ${DEFAULT-VALUE}.")
  OutputFormat format = OutputFormat.json;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for decision ids; the same context and seed give the same output.")
  long seed = 42;

  @Mixin StoreOptions store = new StoreOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var snapshot = options.snapshot();
    List<Decision> decisions;
    try (var engine = ConfiguredEngine.of(options.config())) {
      decisions = engine.engine().decide(snapshot, seed);
    }
    var storeConfig = store.config();
    if (storeConfig != null) {
      try (var opened = AuditStore.open(storeConfig)) {
        opened.write(decisions);
      } catch (StoreException e) {
        throw new UserError(String.valueOf(e.getMessage()));
      }
    }
    var out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      out.println(
          Documents.JSON
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(DecisionFormat.writeAll(decisions)));
    } else {
      out.print(TextOutput.decisions(decisions));
    }
    out.flush();
    return 0;
  }
}
