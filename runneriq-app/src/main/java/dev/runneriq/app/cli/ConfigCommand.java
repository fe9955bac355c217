package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.formats.Documents;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runneriq config}: work with runneriq.yaml. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with runneriq.yaml.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Defaults.class})
final class ConfigCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code runneriq config check FILE}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a config file and print the effective config (defaults, the file, and",
        "RUNNERIQ_* environment overrides merged) as YAML."
      })
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config file (YAML).")
    Path file = Path.of("runneriq.yaml");

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      var loaded = ConfigLoader.load(file, System.getenv());
      var carbon = loaded.service().carbon();
      // reads a csv series and checks the fleet's zones now, rather than when serve starts
      ServeCommand.start(() -> loaded.service().carbonSource(InstantSource.system()));
      var out = spec.commandLine().getOut();
      out.print(TextOutput.line("# " + file + ": valid. Effective configuration:"));
      out.print(Documents.YAML.writeValueAsString(loaded.effective()).replaceFirst("^---\\n", ""));
      var service = loaded.service();
      out.println("# secrets (values never printed):");
      out.println("#   gitlab token: " + set(service.gitlab().token()));
      out.println("#   webhook secret: " + set(service.gitlab().webhookSecret()));
      out.println("#   API token: " + set(service.server().apiToken()));
      if (carbon != null && carbon.provider().provider().equals("electricitymaps")) {
        out.println("#   carbon token: set");
      }
      out.flush();
      return 0;
    }
  }

  private static String set(@org.jspecify.annotations.Nullable Object secret) {
    return secret == null ? "not set" : "set";
  }

  /** {@code runneriq config defaults}. */
  @Command(
      name = "defaults",
      mixinStandardHelpOptions = true,
      description = "Print the default configuration as YAML, a starting point for runneriq.yaml.")
  static final class Defaults implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      out.print(
          Documents.YAML
              .writeValueAsString(ConfigLoader.defaults().effective())
              .replaceFirst("^---\\n", ""));
      out.flush();
      return 0;
    }
  }
}
