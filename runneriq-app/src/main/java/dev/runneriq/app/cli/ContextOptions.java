package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.ContextFormat;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options shared by the commands that run the engine on a context file. */
final class ContextOptions {
  @Option(
      names = "--context",
      required = true,
      paramLabel = "FILE",
      description = "A context snapshot (runneriq.context/v1, JSON).")
  @Nullable Path context;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "runneriq.yaml; defaults apply to every key it leaves out.")
  @Nullable Path config;

  Snapshot snapshot() {
    if (context == null) {
      throw new UserError("--context FILE is required");
    }
    return ContextFormat.read(context);
  }

  ConfigLoader.Loaded config() {
    return ConfigLoader.load(config, System.getenv());
  }
}
