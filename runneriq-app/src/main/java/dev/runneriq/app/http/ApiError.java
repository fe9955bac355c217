package dev.runneriq.app.http;

/** An error a handler answers with: an HTTP status and a message that names the problem. */
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
}
