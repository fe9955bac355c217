package dev.runneriq.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited JSON-RPC 2.0 messages and checks each line: a line that is not a message
 * comes back as the error answer it deserves (parse error −32700 or invalid request −32600, with
 * {@code id: null} when the id cannot be read), and reading goes on with the next line. Lines are
 * bounded ({@value #MAX_LINE_BYTES} bytes), and so is nesting (the reader's constraints); blank
 * lines are skipped.
 */
final class JsonRpcLines {
  static final int MAX_LINE_BYTES = 4 << 20;
  static final int PARSE_ERROR = -32_700;
  static final int INVALID_REQUEST = -32_600;

  /** What reading a line gave: a message for the server, or an answer to send back at once. */
  sealed interface Read {}

  record Message(McpSchema.JSONRPCMessage message) implements Read {}

  record Refusal(ObjectNode answer) implements Read {}

  private final InputStream in;
  private final ObjectReader reader;
  private final McpJsonMapper sdkJson;
  private final byte[] buffer = new byte[1 << 16];
  private int bufferPos;
  private int bufferEnd;
  private boolean ended;

  /**
   * @param reader parses a line into a tree; its stream constraints bound nesting
   * @param sdkJson turns a checked tree into the SDK's message types
   */
  JsonRpcLines(InputStream in, ObjectReader reader, McpJsonMapper sdkJson) {
    this.in = in;
    this.reader = reader;
    this.sdkJson = sdkJson;
  }

  /** The next line's message or refusal; null at the end of input. */
  @Nullable Read next() throws IOException {
    while (true) {
      var line = new ByteArrayOutputStream();
      boolean tooLong = false;
      boolean complete = false;
      while (!complete) {
        if (bufferPos == bufferEnd && !refill()) {
          if (line.size() == 0 && !tooLong) {
            return null;
          }
          break;
        }
        int end = bufferPos;
        while (end < bufferEnd && buffer[end] != '\n') {
          end++;
        }
        if (!tooLong) {
          line.write(buffer, bufferPos, end - bufferPos);
          tooLong = line.size() > MAX_LINE_BYTES;
        }
        complete = end < bufferEnd;
        bufferPos = complete ? end + 1 : end;
      }
      if (tooLong) {
        return refusal(
            null, INVALID_REQUEST, "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
      }
      var read = check(line.toByteArray());
      if (read != null) {
        return read;
      }
    }
  }

  private boolean refill() throws IOException {
    if (ended) {
      return false;
    }
    int n = in.read(buffer);
    if (n < 0) {
      ended = true;
      return false;
    }
    bufferPos = 0;
    bufferEnd = n;
    return true;
  }

  /** The message on {@code line}, or the answer refusing it; null for a blank line. */
  private @Nullable Read check(byte[] line) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(line))
              .toString();
    } catch (CharacterCodingException e) {
      return refusal(null, PARSE_ERROR, "the line is not valid UTF-8");
    }
    if (text.isBlank()) {
      return null;
    }
    JsonNode message;
    try {
      message = reader.readTree(text);
    } catch (StreamConstraintsException e) {
      return refusal(null, PARSE_ERROR, "the line exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      return refusal(null, PARSE_ERROR, "the line is not one JSON value");
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
    try {
      return new Message(McpSchema.deserializeJsonRpcMessage(sdkJson, text));
    } catch (IOException | RuntimeException e) {
      return refusal(id, INVALID_REQUEST, "the message does not have the shape of its kind");
    }
  }

  private static Refusal refusal(@Nullable JsonNode id, int code, String detail) {
    var answer = JsonNodeFactory.instance.objectNode();
    answer.put("jsonrpc", "2.0");
    if (id == null) {
      answer.putNull("id");
    } else {
      answer.set("id", id);
    }
    var error = answer.putObject("error");
    error.put("code", code);
    error.put("message", (code == PARSE_ERROR ? "Parse error: " : "Invalid Request: ") + detail);
    return new Refusal(answer);
  }
}
