package dev.runneriq.gitlab.client;

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

  GitLabApiException(int status, String endpoint, String gitlabMessage, Throwable cause) {
    super(describe(status, endpoint, gitlabMessage), cause);
    this.status = status;
    this.endpoint = endpoint;
    this.gitlabMessage = gitlabMessage;
  }

  GitLabApiException(int status, String endpoint, String gitlabMessage) {
    super(describe(status, endpoint, gitlabMessage));
    this.status = status;
    this.endpoint = endpoint;
    this.gitlabMessage = gitlabMessage;
  }

  private static String describe(int status, String endpoint, String message) {
    return status == NO_RESPONSE
        ? "GitLab did not answer " + endpoint + ": " + message
        : "GitLab answered " + status + " to " + endpoint + ": " + message;
  }

  /** The HTTP status, or {@link #NO_RESPONSE}. */
  /** 403 or 404: the resource is gone or out of the token's reach, not GitLab failing. */
  public boolean notFoundOrForbidden() {
    return status == 403 || status == 404;
  }

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
