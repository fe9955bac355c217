package dev.runneriq.gitlab.webhook;

/** A hook body RunnerIQ cannot use; the message is the reason given back with the 400. */
final class MalformedHookException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedHookException(String reason) {
    super(reason, null, false, false);
  }
}
