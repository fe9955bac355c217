package dev.runneriq.carbon;

import dev.runneriq.formats.RetryAfter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker in front of one provider's API, all its policy in this class, on
 * resilience4j's {@link CircuitBreaker}. Only the API opens it: a 429 answer opens it for as long
 * as its {@code Retry-After} says (read by {@link RetryAfter}; {@link #DEFAULT_RETRY_AFTER} when
 * absent or unreadable), and until that has passed no request is sent. Other failures do not open
 * it: each read asks again, and {@link ReadingCache} answers stale meanwhile. Once the wait has
 * passed, one request goes out; any answer but another 429 closes the breaker. Time comes from the
 * provider's clock. There are no retries: a failed read is answered stale or fails at once.
 */
final class ProviderBreaker {
  /** The wait when a 429 carries no usable {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private final CircuitBreaker breaker;
  private final InstantSource clock;
  private volatile Instant openUntil = Instant.MIN;

  ProviderBreaker(String provider, InstantSource clock) {
    this.clock = clock;
    this.breaker =
        CircuitBreaker.of(
            provider,
            CircuitBreakerConfig.custom()
                .recordException(e -> false)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock.withZone(ZoneOffset.UTC))
                .build());
  }

  /**
   * Takes the right to send one request.
   *
   * @return null when it may go (then {@link #sent} must follow), else why not, in words
   */
  @Nullable String refusal() {
    if (breaker.tryAcquirePermission()) {
      return null;
    }
    Instant now = clock.instant();
    Instant until = openUntil;
    return now.isAfter(until)
        ? "rate limited by the API until " + until + "; one request is asking again now"
        : "rate limited by the API; not asking again until "
            + until
            + " ("
            + secondsBetween(now, until)
            + " s left)";
  }

  /** A request went out and something came back, or nothing did; a 429 then goes on below. */
  void sent() {
    breaker.onSuccess(0, TimeUnit.NANOSECONDS);
  }

  /**
   * The API answered 429: opens the breaker for the wait its {@code Retry-After} header asks.
   *
   * @return that wait
   */
  Duration rateLimited(Optional<String> retryAfter) {
    Instant now = clock.instant();
    Duration wait = retryAfter.flatMap(v -> RetryAfter.parse(v, now)).orElse(DEFAULT_RETRY_AFTER);
    if (!wait.isZero()) {
      openUntil = now.plus(wait);
      breaker.transitionToOpenStateUntil(openUntil);
    }
    return wait;
  }

  private static long secondsBetween(Instant a, Instant b) {
    Duration d = Duration.between(a, b);
    return d.toNanosPart() > 0 ? d.toSeconds() + 1 : d.toSeconds();
  }
}
