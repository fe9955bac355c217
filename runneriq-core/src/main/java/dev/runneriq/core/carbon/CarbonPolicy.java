package dev.runneriq.core.carbon;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * When a job may wait for a greener window. How long depends on the job's delay tolerance, not on
 * its tier alone: a job someone is waiting for (a push, a merge request) waits minutes at most,
 * while a scheduled pipeline or an opted-in job (see {@link Tolerance}) may wait hours. CRITICAL
 * jobs are held only as long as their tier allows (by default never), tolerant or not.
 *
 * @param maxDelay the longest a job of each tier may be held, counted from when it became pending
 *     (defaults: CRITICAL 0, HIGH 0, MEDIUM 10 min, LOW 10 min); a tier not listed is never
 *     deferred
 * @param tolerantMaxDelay the longest a delay-tolerant job that is not CRITICAL may be held
 *     (default 8 h); a job of a tier with a longer maximum delay gets that one
 * @param tolerance which jobs are delay-tolerant
 * @param minSaving the smallest expected saving (share of the emissions of starting now) worth a
 *     deferral
 * @param forecastError the relative error assumed in forecasts: the forecast window must still save
 *     {@code minSaving} after being inflated by this share
 * @param defaultJobDuration run time assumed for a job without history
 */
public record CarbonPolicy(
    Map<Tier, Duration> maxDelay,
    Duration tolerantMaxDelay,
    Tolerance tolerance,
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
    if (tolerantMaxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "maximum delay must not be negative, but was "
              + tolerantMaxDelay.toMinutes()
              + " (carbon.tolerant_max_delay_minutes)");
    }
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

  /** A policy that holds only by tier, with no delay-tolerant jobs beyond that. */
  public CarbonPolicy(
      Map<Tier, Duration> maxDelay,
      double minSaving,
      double forecastError,
      Duration defaultJobDuration) {
    this(maxDelay, Duration.ZERO, Tolerance.DEFAULT, minSaving, forecastError, defaultJobDuration);
  }

  public static final CarbonPolicy DEFAULT =
      new CarbonPolicy(
          defaultDelays(),
          Duration.ofHours(8),
          Tolerance.DEFAULT,
          0.15,
          0.10,
          Duration.ofMinutes(10));

  /** The same policy with other holds and thresholds, for reference policies in the simulator. */
  public CarbonPolicy with(double newMinSaving, double newForecastError) {
    return new CarbonPolicy(
        maxDelay, tolerantMaxDelay, tolerance, newMinSaving, newForecastError, defaultJobDuration);
  }

  /**
   * The same policy holding only delay-tolerant work (scheduled pipelines, opted-in jobs): jobs
   * someone waits for are never held for a greener hour. Gate mode's plan: a held job's floor is as
   * long as their hold would be, and a job the floor starts waits in GitLab's order.
   */
  public CarbonPolicy tolerantOnly() {
    return new CarbonPolicy(
        Map.of(), tolerantMaxDelay, tolerance, minSaving, forecastError, defaultJobDuration);
  }

  /**
   * How far ahead a forecast must reach for this policy: the longest maximum delay plus two hours
   * (a job held to its limit still runs under the forecast).
   */
  public Duration forecastHorizon() {
    return longestDelay().plusHours(2);
  }

  /**
   * The maximum delay of a job of {@code tier} that is not delay-tolerant; zero when not listed.
   */
  public Duration maxDelay(Tier tier) {
    return maxDelay.getOrDefault(tier, Duration.ZERO);
  }

  /**
   * The longest {@code job} of {@code tier} may be held: its tier's, or for a delay-tolerant job
   * that is not CRITICAL the longer of that and {@link #tolerantMaxDelay}.
   */
  public Duration maxDelay(PendingJob job, Tier tier) {
    Duration byTier = maxDelay(tier);
    if (tier == Tier.CRITICAL
        || tolerantMaxDelay.compareTo(byTier) <= 0
        || tolerance.why(job) == null) {
      return byTier;
    }
    return tolerantMaxDelay;
  }

  /** The longest any job may be held under this policy. */
  public Duration longestDelay() {
    Duration longest = tolerantMaxDelay;
    for (var d : maxDelay.values()) {
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest;
  }

  private static Map<Tier, Duration> defaultDelays() {
    var m = new EnumMap<Tier, Duration>(Tier.class);
    m.put(Tier.CRITICAL, Duration.ZERO);
    m.put(Tier.HIGH, Duration.ZERO);
    m.put(Tier.MEDIUM, Duration.ofMinutes(10));
    m.put(Tier.LOW, Duration.ofMinutes(10));
    return m;
  }
}
