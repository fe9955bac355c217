package dev.runneriq.app.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * RunnerIQ's tools on the official MCP SDK's servers: stdio (for a desktop client that starts
 * {@code runneriq mcp}) and streamable HTTP (a servlet the service mounts at {@code /mcp}). A tool
 * that fails answers with {@code isError: true} and a message naming what to fix; the protocol
 * itself never sees an exception.
 */
public final class McpServers {
  private static final System.Logger LOG = System.getLogger(McpServers.class.getName());
  static final String NAME = "runneriq";
  static final String INSTRUCTIONS =
      "RunnerIQ schedules GitLab CI jobs on runners by priority and carbon. Use fleet_status and"
          + " pending_queue to see the fleet and the queue, score_job and decide to ask what"
          + " RunnerIQ would do, explain_decision for a logged decision, simulate to compare"
          + " policies. All tools are read-only.";

  /** How deep a message may nest; deeper lines on stdio get a parse error. */
  static final int MAX_DEPTH = 1_000;

  /** The SDK's JSON, and the stdio guard's: the same limits for both. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(JsonRpcLines.MAX_LINE_BYTES)
                          .build())
                  .build())
          .build();

  private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(MAPPER);

  /** Every message, on stdio and over HTTP, is checked the same way before the SDK reads it. */
  private static final JsonRpcCheck CHECK =
      new JsonRpcCheck(MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS), JSON);

  private McpServers() {}

  private static String version() {
    String v = McpServers.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /**
   * Serves on {@code in}/{@code out} until the client closes {@code in}. A line that is not a
   * JSON-RPC message gets an error answer and the next line is read (see {@link StdioTransport}).
   */
  public static Stdio stdio(RunnerIqTools tools, InputStream in, OutputStream out) {
    var transport = new StdioTransport(new JsonRpcLines(in, CHECK), out, JSON);
    return new Stdio(build(McpServer.sync(transport), tools), transport.ended());
  }

  /** A stdio server and when its stdin ends; close the server then. */
  public record Stdio(McpSyncServer server, CompletableFuture<Void> ended) {}

  /**
   * A streamable-HTTP MCP server; mount {@link Http#servlet()} at {@code endpoint}. The servlet is
   * the SDK's transport behind RunnerIQ's checks (see {@link HttpTransport}).
   *
   * @param maxRequestBytes larger requests are refused, as on the rest of the service
   */
  public static Http http(RunnerIqTools tools, String endpoint, int maxRequestBytes) {
    var transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(JSON)
            .mcpEndpoint(endpoint)
            .maxRequestSize(maxRequestBytes)
            .build();
    var server = build(McpServer.sync(transport), tools);
    return new Http(new HttpTransport(transport, CHECK, maxRequestBytes), server);
  }

  /**
   * The SDK's own schema check is off: each tool checks its arguments itself, with messages that
   * name the argument and say what it must be ("argument 'tier' must be CRITICAL, HIGH, MEDIUM or
   * LOW, but was URGENT"), which a model acts on more readily than a validator's report.
   */
  private static McpSyncServer build(McpServer.SyncSpecification<?> spec, RunnerIqTools tools) {
    return spec.serverInfo(NAME, version())
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .tools(specifications(tools))
        .build();
  }

  /** The servlet and the server behind it; close the server when the service stops. */
  public record Http(HttpServlet servlet, McpSyncServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.closeGracefully();
    }
  }

  static List<SyncToolSpecification> specifications(RunnerIqTools tools) {
    return tools.all().stream().map(McpServers::specification).toList();
  }

  private static SyncToolSpecification specification(Tool tool) {
    @SuppressWarnings("unchecked")
    Map<String, Object> schema = Documents.JSON.convertValue(tool.inputSchema(), Map.class);
    var descriptor =
        McpSchema.Tool.builder(tool.name(), schema)
            .description(tool.description())
            .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
            .build();
    return SyncToolSpecification.builder()
        .tool(descriptor)
        .callHandler((exchange, request) -> call(tool, request.arguments()))
        .build();
  }

  static McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments) {
    try {
      var answer = tool.handler().call(new Args(arguments, tool.inputSchema()));
      return McpSchema.CallToolResult.builder()
          .addTextContent(
              Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer))
          .isError(false)
          .build();
    } catch (ToolError | IllegalStateException e) {
      return error(String.valueOf(e.getMessage()));
    } catch (FormatException e) {
      // the reader's source is the argument's name: "context: /jobs/0: field 'name' is required"
      return error("argument " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(String.valueOf(e.getMessage()));
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "MCP tool " + tool.name() + " failed", e);
      return error("internal error; the call was not done (the service's log has the details)");
    }
  }

  private static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
