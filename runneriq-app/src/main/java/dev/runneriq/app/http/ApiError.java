package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Documents;

/**
 * An error a handler answers with: an HTTP status and a message that names the problem. Every error
 * the service answers outside /mcp has the shape of {@link #body}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** {@code {"error": {"status": …, "message": …}}}. */
  static ObjectNode body(int status, String message) {
    var root = Documents.JSON.createObjectNode();
    root.putObject("error").put("status", status).put("message", message);
    return root;
  }
}
