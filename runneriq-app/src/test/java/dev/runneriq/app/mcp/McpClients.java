package dev.runneriq.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.formats.Documents;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** What the MCP tests share: the SDK's JSON mapper, and calling a tool to read its answer. */
final class McpClients {
  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

  private McpClients() {}

  /** The one text block of a tool's answer, and whether it is an error. */
  record Answer(boolean error, String text) {
    JsonNode json() throws Exception {
      return Documents.JSON.readTree(text);
    }
  }

  static Answer call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    var result =
        client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    var text = ((McpSchema.TextContent) result.content().get(0)).text();
    return new Answer(Boolean.TRUE.equals(result.isError()), text);
  }
}
