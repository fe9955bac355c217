package dev.runneriq.llm;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Calls and dollars spent today (UTC), against {@link LlmConfig.Budget}. Thread-safe.
 *
 * <p>This limit is our own, while the circuit breaker is resilience4j's ({@link ModelBreaker}):
 * resilience4j's {@code RateLimiter} renews its permits every period counted from when it was
 * built, on the JVM's nanosecond timer rather than an injectable clock, and counts calls only; the
 * budget starts afresh at midnight UTC and also counts the dollars a call cost, known only once it
 * has answered.
 */
final class DailyBudget {
  private final LlmConfig.Budget limits;
  private final InstantSource clock;
  private LocalDate day;
  private long calls;
  private double usd;

  DailyBudget(LlmConfig.Budget limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
    this.day = today();
  }

  /**
   * Takes one call from today's budget, or says why there is none left.
   *
   * @return null when the call may go ahead (and has been counted), else the reason
   */
  synchronized @Nullable String tryAcquire() {
    rollOver();
    if (limits.maxCallsPerDay() > 0 && calls >= limits.maxCallsPerDay()) {
      return "daily budget exhausted: " + calls + " of " + limits.maxCallsPerDay() + " calls";
    }
    if (limits.maxUsdPerDay() > 0 && usd >= limits.maxUsdPerDay()) {
      return String.format(
          Locale.ROOT, "daily budget exhausted: $%.4f of $%.4f spent", usd, limits.maxUsdPerDay());
    }
    calls++;
    return null;
  }

  /** Adds what a call cost once the provider has reported its tokens. */
  synchronized void spend(double dollars) {
    rollOver();
    usd += dollars;
  }

  private void rollOver() {
    var now = today();
    if (!now.equals(day)) {
      day = now;
      calls = 0;
      usd = 0;
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
