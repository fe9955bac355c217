package dev.runneriq.llm;

import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failed model call, classified. Its message is ours (a status and a few words), never the
 * provider's body, so nothing secret or user-controlled ends up in a decision's {@code llm.error}.
 */
final class LlmCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  LlmCallException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  Failure failure() {
    return failure;
  }

  /** An I/O failure: a timeout when the cause chain says so, else an unreachable endpoint. */
  static LlmCallException io(Throwable e) {
    return isTimeout(e)
        ? new LlmCallException(Failure.TIMEOUT, "timed out")
        : new LlmCallException(Failure.API_ERROR, "connection failed");
  }

  static boolean isTimeout(@Nullable Throwable t) {
    for (var c = t; c != null; c = c.getCause()) {
      if (c instanceof InterruptedIOException
          || c instanceof InterruptedException
          || c instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long a provider's own client may wait: a backstop after the guard's deadline, so that the
   * deadline is what fires and an abandoned call still ends soon after.
   */
  static Duration backstop(Duration timeout) {
    return timeout.plusSeconds(1);
  }

  /** An HTTP error status in words: the same wording for every provider. */
  static LlmCallException forStatus(int status) {
    String words =
        switch (status) {
          case 400 -> "bad request";
          case 401 -> "unauthorized: check " + LlmConfig.API_KEY_ENV;
          case 403 -> "forbidden";
          case 404 -> "not found: check llm.base_url and llm.model";
          case 408 -> "request timeout";
          case 413 -> "request too large";
          case 429 -> "rate limited";
          case 529 -> "overloaded";
          case 301, 302, 303, 307, 308 -> "redirect not followed: check llm.base_url";
          default -> status >= 500 ? "server error" : "unexpected status";
        };
    return new LlmCallException(Failure.API_ERROR, "HTTP " + status + " (" + words + ")");
  }
}
