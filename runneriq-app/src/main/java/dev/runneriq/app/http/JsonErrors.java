package dev.runneriq.app.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's answer to what never reaches a route — a request it cannot read (a NUL in the path, a
 * header too large, a malformed length) — in the API's JSON error shape instead of Jetty's HTML
 * page, and for every method. The message names the status in words, never Jetty's details.
 */
final class JsonErrors extends ErrorHandler {

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      @Nullable Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(response.getHeaders()::put);
    response.write(true, body(code), callback);
  }

  // Jetty 12.1 marks this for removal but still calls it for a request its parser rejects; until
  // it goes, overriding it is how those answers stay JSON.
  @SuppressWarnings("removal")
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    SecurityHeaders.apply(fields::put);
    return body(status);
  }

  private static ByteBuffer body(int status) {
    String words =
        "the request cannot be read (" + status + " " + HttpStatus.getMessage(status) + ")";
    return ByteBuffer.wrap(
        ApiError.body(status, words).toString().getBytes(StandardCharsets.UTF_8));
  }
}
