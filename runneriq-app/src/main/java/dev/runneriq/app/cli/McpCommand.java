package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.mcp.ContextState;
import dev.runneriq.app.mcp.McpServers;
import dev.runneriq.app.mcp.RunnerIqTools;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq mcp}: RunnerIQ's tools for AI assistants, over MCP on stdin and stdout. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Serve RunnerIQ's tools to an AI assistant (Claude Desktop, other MCP clients) over the",
      "Model Context Protocol on stdin/stdout: fleet_status, pending_queue, score_job, decide,",
      "explain_decision, simulate. Read-only. Runs until the client closes stdin."
    })
final class McpCommand implements Callable<Integer> {
  @Option(
      names = "--context",
      paramLabel = "FILE",
      description = "A snapshot (runneriq.context/v1) for fleet_status and pending_queue.")
  @Nullable Path context;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "runneriq.yaml (priority, placement, carbon, llm).")
  @Nullable Path config;

  @Mixin StoreOptions store = new StoreOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var loaded = ConfigLoader.load(config, System.getenv());
    var snapshot = context == null ? null : ContextFormat.read(context);
    var storeConfig = store.existing();
    AuditStore log;
    try {
      log = storeConfig == null ? null : AuditStore.open(storeConfig);
    } catch (StoreException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
    try (var engine = ConfiguredEngine.of(loaded)) {
      var state =
          snapshot == null
              ? null
              : ContextState.of(snapshot, engine.engine(), String.valueOf(context));
      var tools = new RunnerIqTools(() -> state, engine.engine(), log);
      var stdio = McpServers.stdio(tools, System.in, System.out);
      stdio.ended().join();
      stdio.server().closeGracefully();
    } finally {
      if (log != null) {
        log.close();
      }
    }
    var err = spec.commandLine().getErr();
    err.println("runneriq mcp: stdin closed; stopping");
    err.flush();
    return 0;
  }
}
