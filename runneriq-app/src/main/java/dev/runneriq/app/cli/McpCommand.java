package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.mcp.ContextState;
import dev.runneriq.app.mcp.McpServers;
import dev.runneriq.app.mcp.RunnerIqTools;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() throws Exception {
    var loaded = ConfigLoader.load(config, System.getenv());
    var snapshot = context == null ? null : ContextFormat.read(context);
    var storeConfig = store.config();
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
      var closed = new CountDownLatch(1);
      var server = McpServers.stdio(tools, new SignalOnEnd(System.in, closed), System.out);
      closed.await();
      server.closeGracefully();
    }
    return 0;
  }

  /** Counts the latch down when the client closes our stdin. */
  private static final class SignalOnEnd extends FilterInputStream {
    private final CountDownLatch closed;

    SignalOnEnd(InputStream in, CountDownLatch closed) {
      super(in);
      this.closed = closed;
    }

    @Override
    public int read() throws IOException {
      return check(super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return check(super.read(b, off, len));
    }

    private int check(int n) {
      if (n < 0) {
        closed.countDown();
      }
      return n;
    }
  }
}
