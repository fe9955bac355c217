package dev.runneriq.gitlab.webhook;

/**
 * Told of every accepted event after the store has it. Implementations must be quick and must not
 * block (hand work to another thread); an exception is logged and does not change the answer to
 * GitLab.
 */
@FunctionalInterface
public interface WebhookHandler {
  WebhookHandler NONE = (event, changed) -> {};

  /**
   * @param changed whether the event changed the store's latest state
   */
  void onEvent(WebhookEvent event, boolean changed);
}
