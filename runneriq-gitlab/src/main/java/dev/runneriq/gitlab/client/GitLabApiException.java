package dev.runneriq.gitlab.client;

import dev.runneriq.gitlab.Secret;
import org.jspecify.annotations.Nullable;

/**
 * A GitLab request that failed for good (after any retries). It names the endpoint as method and
 * path (never the token, which travels only in a header) and GitLab's own message.
 */
public final class GitLabApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The status of a request that got no HTTP answer (network error, timeout, interrupt). */
  public static final int NO_RESPONSE = 0;

  private final int status;
  private final String endpoint;
  private final String gitlabMessage;

  private GitLabApiException(
      int status, String endpoint, String gitlabMessage, @Nullable Throwable cause) {
    super(describe(status, endpoint, gitlabMessage), cause);
    this.status = status;
    this.endpoint = endpoint;
    this.gitlabMessage = gitlabMessage;
  }

  /** A failure whose endpoint and message keep no trace of {@code token}. */
  static GitLabApiException redacted(
      Secret token, int status, String endpoint, String message, @Nullable Throwable cause) {
    return new GitLabApiException(status, token.redact(endpoint), token.redact(message), cause);
  }

  private static String describe(int status, String endpoint, String message) {
    return status == NO_RESPONSE
        ? "GitLab did not answer " + endpoint + ": " + message
        : "GitLab answered " + status + " to " + endpoint + ": " + message;
  }

  /** 403 or 404: the resource is gone or out of the token's reach, not GitLab failing. */
  public boolean notFoundOrForbidden() {
    return status == 403 || status == 404;
  }

  /** The HTTP status, or {@link #NO_RESPONSE}. */
  public int status() {
    return status;
  }

  /** Method and path, e.g. {@code GET /api/v4/runners/all?per_page=100}. */
  public String endpoint() {
    return endpoint;
  }

  /** What GitLab said, or what went wrong on the way. */
  public String gitlabMessage() {
    return gitlabMessage;
  }
}
