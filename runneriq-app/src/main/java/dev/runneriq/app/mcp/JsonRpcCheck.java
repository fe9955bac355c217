package dev.runneriq.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks one JSON-RPC 2.0 message before the SDK sees it, on stdio and over HTTP alike. What is not
 * a message the SDK can take comes back as the error answer it deserves, in words: parse error
 * −32700, invalid request −32600 (with {@code id: null} when the id cannot be read), and invalid
 * params −32602 for a request to a method RunnerIQ serves whose params do not have its shape (the
 * SDK would answer −32603 with its JSON library's message, class names and all).
 */
final class JsonRpcCheck {
  static final int PARSE_ERROR = -32_700;
  static final int INVALID_REQUEST = -32_600;
  static final int INVALID_PARAMS = -32_602;
  static final int INTERNAL_ERROR = -32_603;

  /** What checking gave: a message for the SDK, or an answer to send back at once. */
  sealed interface Read {}

  record Message(McpSchema.JSONRPCMessage message) implements Read {}

  /**
   * @param code the JSON-RPC error code of {@code answer}
   */
  record Refusal(ObjectNode answer, int code) implements Read {}

  /** The params a method takes, as the SDK reads them, and in words. */
  private record Shape(TypeRef<?> type, boolean required, String words) {}

  private static final Map<String, Shape> PARAMS =
      Map.of(
          "initialize",
          new Shape(
              new TypeRef<McpSchema.InitializeRequest>() {},
              true,
              "an object with protocolVersion (a string), capabilities (an object) and clientInfo"
                  + " (an object with name and version)"),
          "tools/call",
          new Shape(
              new TypeRef<McpSchema.CallToolRequest>() {},
              true,
              "an object with name (a string) and arguments (an object)"),
          "tools/list",
          new Shape(
              new TypeRef<McpSchema.PaginatedRequest>() {},
              false,
              "an object with an optional cursor (a string)"),
          "logging/setLevel",
          new Shape(
              new TypeRef<McpSchema.SetLevelRequest>() {},
              true,
              "an object with level (debug, info, notice, warning, error, critical, alert or"
                  + " emergency)"));

  private final ObjectReader reader;
  private final McpJsonMapper sdkJson;

  /**
   * @param reader parses a message into a tree; its stream constraints bound nesting
   * @param sdkJson the SDK's own mapper, so that what passes here is what the SDK can read
   */
  JsonRpcCheck(ObjectReader reader, McpJsonMapper sdkJson) {
    this.reader = reader;
    this.sdkJson = sdkJson;
  }

  /** The message in {@code bytes} (UTF-8), or the answer refusing it; null when blank. */
  @Nullable Read check(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return refusal(null, PARSE_ERROR, "the message is not valid UTF-8");
    }
    if (text.isBlank()) {
      return null;
    }
    JsonNode message;
    try {
      message = reader.readTree(text);
    } catch (StreamConstraintsException e) {
      return refusal(null, PARSE_ERROR, "the message exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      return refusal(null, PARSE_ERROR, "the message is not one JSON value");
    }
    if (!message.isObject()) {
      return refusal(
          null, INVALID_REQUEST, "a message must be a JSON object (batches are not taken)");
    }
    JsonNode id = message.get("id");
    if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
      return refusal(null, INVALID_REQUEST, "'id' must be a string or an integer");
    }
    if (!"2.0".equals(message.path("jsonrpc").textValue())) {
      return refusal(id, INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
    }
    JsonNode method = message.get("method");
    if (method != null && !method.isTextual()) {
      return refusal(id, INVALID_REQUEST, "'method' must be a string");
    }
    if (method == null && (id == null || !(message.has("result") || message.has("error")))) {
      return refusal(
          id, INVALID_REQUEST, "a message needs a 'method', or an 'id' and a 'result' or 'error'");
    }
    McpSchema.JSONRPCMessage read;
    try {
      read = McpSchema.deserializeJsonRpcMessage(sdkJson, text);
    } catch (IOException | RuntimeException e) {
      return refusal(id, INVALID_REQUEST, "the message does not have the shape of its kind");
    }
    if (read instanceof McpSchema.JSONRPCRequest request) {
      var shape = PARAMS.get(request.method());
      if (shape != null && !fits(request.params(), shape)) {
        return refusal(
            id, INVALID_PARAMS, "the params of " + request.method() + " must be " + shape.words());
      }
    }
    return new Message(read);
  }

  private boolean fits(@Nullable Object params, Shape shape) {
    if (params == null) {
      return !shape.required();
    }
    try {
      sdkJson.convertValue(params, shape.type());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A JSON-RPC error answer: {@code id} as given (null when unreadable), the code and words. */
  static Refusal refusal(@Nullable JsonNode id, int code, String detail) {
    var answer = JsonNodeFactory.instance.objectNode();
    answer.put("jsonrpc", "2.0");
    if (id == null) {
      answer.putNull("id");
    } else {
      answer.set("id", id);
    }
    var error = answer.putObject("error");
    error.put("code", code);
    error.put("message", prefix(code) + detail);
    return new Refusal(answer, code);
  }

  private static String prefix(int code) {
    return switch (code) {
      case PARSE_ERROR -> "Parse error: ";
      case INVALID_REQUEST -> "Invalid Request: ";
      case INVALID_PARAMS -> "Invalid params: ";
      case INTERNAL_ERROR -> "Internal error: ";
      default -> "";
    };
  }
}
