package dev.runneriq.app.cli;

import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.sim.workload.Bundled;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runneriq fleet default}: print the built-in fleet. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = "Print the built-in simulated fleet (runneriq.fleet/v1 YAML).")
final class FleetCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "default", description = "Only 'default' for now.")
  String which = "default";

  @Option(
      names = "--scale",
      defaultValue = "1",
      description = "Copies of the fleet (8 = 200 runners). Default: ${DEFAULT-VALUE}.")
  int scale = 1;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!which.equals("default")) {
      throw new UserError("unknown fleet '" + which + "'; known: default");
    }
    var out = spec.commandLine().getOut();
    if (scale <= 1) {
      out.print(Bundled.fleetYaml());
    } else {
      out.print(Documents.YAML.writeValueAsString(FleetFormat.write(Bundled.fleet(scale))));
    }
    out.flush();
    return 0;
  }
}
