package dev.runneriq.llm;

import java.time.Instant;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Stops calling a model that keeps failing. Closed: calls go through and consecutive failures are
 * counted. Open (after {@code failures} in a row): no calls until the cool-down has passed. Then
 * half-open: one trial call is let through; its success closes the breaker, its failure opens it
 * for another cool-down. Thread-safe; time comes from an {@link InstantSource}.
 */
final class CircuitBreaker {
  private final LlmConfig.Breaker config;
  private final InstantSource clock;
  private int consecutiveFailures;
  private @Nullable Instant openUntil;
  private boolean trialInFlight;

  CircuitBreaker(LlmConfig.Breaker config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * Whether a call may be made now.
   *
   * @return null when it may (a half-open trial is then reserved), else why not
   */
  synchronized @Nullable String tryAcquire() {
    if (openUntil == null) {
      return null;
    }
    var now = clock.instant();
    if (now.isBefore(openUntil) || trialInFlight) {
      return "circuit open after "
          + consecutiveFailures
          + " consecutive failures, until "
          + openUntil;
    }
    trialInFlight = true;
    return null;
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    openUntil = null;
    trialInFlight = false;
  }

  synchronized void onFailure() {
    consecutiveFailures++;
    if (trialInFlight || consecutiveFailures >= config.failures()) {
      openUntil = clock.instant().plus(config.coolDown());
    }
    trialInFlight = false;
  }

  /** Gives back a trial reserved by {@link #tryAcquire} when no call was made after all. */
  synchronized void release() {
    trialInFlight = false;
  }

  synchronized boolean isOpen() {
    return openUntil != null && clock.instant().isBefore(openUntil);
  }
}
