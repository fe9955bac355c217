package dev.runneriq.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One MCP tool: its name, what it does in words a model reads, the JSON Schema of its arguments,
 * and the code that answers with a JSON document.
 */
record Tool(String name, String description, ObjectNode inputSchema, Handler handler) {

  /** Answers one call; throws {@link ToolError} for an argument the caller should fix. */
  @FunctionalInterface
  interface Handler {
    JsonNode call(Args args);
  }
}
