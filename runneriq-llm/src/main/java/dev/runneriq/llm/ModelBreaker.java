package dev.runneriq.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Stops calling a model that keeps failing, all its policy in this class, on resilience4j's {@link
 * CircuitBreaker}. Closed: calls go through. Open, after {@link LlmConfig.Breaker#failures()}
 * failed calls in a row (a count-based window of that many calls, all failed): no calls until
 * {@link LlmConfig.Breaker#coolDown()} has passed. Then half-open: one trial call is let through;
 * its success closes the breaker, its failure opens it for another cool-down. Thread-safe; time
 * comes from the {@link InstantSource}.
 */
final class ModelBreaker {
  private final CircuitBreaker breaker;
  private final InstantSource clock;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile Instant openUntil = Instant.MIN;

  ModelBreaker(LlmConfig.Breaker config, InstantSource clock) {
    this.clock = clock;
    this.breaker =
        CircuitBreaker.of(
            "llm",
            CircuitBreakerConfig.custom()
                .slidingWindow(config.failures(), config.failures(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(config.coolDown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock.withZone(ZoneOffset.UTC))
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil = clock.instant().plus(config.coolDown());
              }
            });
  }

  /**
   * Takes the right to make one call.
   *
   * @return the permit, whose outcome must then be told; null when no call may be made now ({@link
   *     #refusal} says why)
   */
  @Nullable Permit tryAcquire() {
    return breaker.tryAcquirePermission() ? new Permit() : null;
  }

  /** Why {@link #tryAcquire} gave no permit, in words. */
  String refusal() {
    Instant until = openUntil;
    return "circuit open after "
        + consecutiveFailures.get()
        + " consecutive failures, until "
        + until
        + (clock.instant().isAfter(until) ? "; a trial call is under way" : "");
  }

  /** One call the breaker let through; the first of its outcomes told counts, later ones not. */
  final class Permit {
    private final AtomicBoolean told = new AtomicBoolean();

    /** The call gave a usable answer. */
    void succeeded() {
      if (told.compareAndSet(false, true)) {
        consecutiveFailures.set(0);
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
      }
    }

    /** The call was made and its answer cannot be used. */
    void failed(Failure failure) {
      if (told.compareAndSet(false, true)) {
        consecutiveFailures.incrementAndGet();
        breaker.onError(0, TimeUnit.NANOSECONDS, new LlmCallException(failure, failure.label()));
      }
    }

    /** No call was made after all: the permit, a half-open trial among them, is given back. */
    void release() {
      if (told.compareAndSet(false, true)) {
        breaker.releasePermission();
      }
    }
  }
}
