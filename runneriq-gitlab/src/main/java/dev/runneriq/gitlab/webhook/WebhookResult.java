package dev.runneriq.gitlab.webhook;

/** What a delivery came to, and the HTTP status to answer GitLab with. */
public sealed interface WebhookResult {
  int statusCode();

  /**
   * Parsed and folded into the store.
   *
   * @param changed whether it changed a job's or pipeline's latest state (false for an event older
   *     than what is known)
   */
  record Accepted(WebhookEvent event, boolean changed) implements WebhookResult {
    @Override
    public int statusCode() {
      return 200;
    }
  }

  /** A redelivery of a hook already accepted; answered 200 so GitLab stops retrying. */
  record Duplicate(String key) implements WebhookResult {
    @Override
    public int statusCode() {
      return 200;
    }
  }

  /**
   * A well-formed hook of a kind RunnerIQ does not use (push, merge request, …); answered 200, as
   * GitLab disables hooks that keep failing.
   */
  record Ignored(String reason) implements WebhookResult {
    @Override
    public int statusCode() {
      return 200;
    }
  }

  /** Refused: 401 for a missing or wrong token, 400 for a body RunnerIQ cannot use. */
  record Rejected(int statusCode, String reason) implements WebhookResult {}
}
