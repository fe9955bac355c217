package dev.runneriq.core.carbon;

import dev.runneriq.core.model.Tier;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * When a job may wait for a greener window.
 *
 * @param maxDelay the longest a job of each tier may be held, counted from when it became pending
 *     (defaults: CRITICAL 0, HIGH 0, MEDIUM 30 min, LOW 8 h); a tier not listed is never deferred
 * @param minSaving the smallest expected saving (share of the emissions of starting now) worth a
 *     deferral
 * @param forecastError the relative error assumed in forecasts: the forecast window must still save
 *     {@code minSaving} after being inflated by this share
 * @param defaultJobDuration run time assumed for a job without history
 */
public record CarbonPolicy(
    Map<Tier, Duration> maxDelay,
    double minSaving,
    double forecastError,
    Duration defaultJobDuration) {

  public CarbonPolicy {
    maxDelay = Map.copyOf(maxDelay);
    maxDelay.forEach(
        (tier, d) -> {
          if (d.isNegative()) {
            throw new IllegalArgumentException(
                "maximum delay must not be negative, but was "
                    + d.toMinutes()
                    + " (carbon.max_delay_minutes."
                    + tier
                    + ")");
          }
        });
    if (!(minSaving >= 0 && minSaving < 1)) {
      throw new IllegalArgumentException(
          "minimum saving must be at least 0 and below 1, but was "
              + minSaving
              + " (carbon.min_saving)");
    }
    if (!(forecastError >= 0 && forecastError < 1)) {
      throw new IllegalArgumentException(
          "forecast error must be at least 0 and below 1, but was "
              + forecastError
              + " (carbon.forecast_error)");
    }
    if (defaultJobDuration.isNegative() || defaultJobDuration.isZero()) {
      throw new IllegalArgumentException(
          "default job duration must be positive (carbon.default_job_minutes)");
    }
  }

  public static final CarbonPolicy DEFAULT =
      new CarbonPolicy(defaultDelays(), 0.15, 0.10, Duration.ofMinutes(10));

  /**
   * How far ahead a forecast must reach for this policy: the longest maximum delay plus two hours
   * (a job held to its limit still runs under the forecast).
   */
  public Duration forecastHorizon() {
    Duration longest = Duration.ZERO;
    for (var d : maxDelay.values()) {
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest.plusHours(2);
  }

  /** The maximum delay of {@code tier}; zero when the tier is not listed. */
  public Duration maxDelay(Tier tier) {
    return maxDelay.getOrDefault(tier, Duration.ZERO);
  }

  private static Map<Tier, Duration> defaultDelays() {
    var m = new EnumMap<Tier, Duration>(Tier.class);
    m.put(Tier.CRITICAL, Duration.ZERO);
    m.put(Tier.HIGH, Duration.ZERO);
    m.put(Tier.MEDIUM, Duration.ofMinutes(30));
    m.put(Tier.LOW, Duration.ofHours(8));
    return m;
  }
}
