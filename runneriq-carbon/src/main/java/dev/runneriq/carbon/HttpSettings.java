package dev.runneriq.carbon;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/**
 * How an HTTP provider talks to its API.
 *
 * @param baseUrl scheme, host and optional path prefix, e.g. {@code https://api.electricitymap.org}
 * @param timeout for connecting and for the whole answer
 * @param maxStale how old a last good answer may be and still be served, marked stale, when the API
 *     fails
 * @param clock the time for caching, backoff and "the last 24 hours"
 */
public record HttpSettings(URI baseUrl, Duration timeout, Duration maxStale, InstantSource clock) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(6);

  public HttpSettings {
    String scheme = baseUrl.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "carbon.url must be an http or https URL with a host, but was '" + baseUrl + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("carbon.timeout must be positive, but was " + timeout);
    }
    if (maxStale.isNegative()) {
      throw new IllegalArgumentException(
          "carbon.max_stale must not be negative, but was " + maxStale);
    }
  }

  /** The defaults (10 s timeout, 6 h max stale, the system clock) for {@code baseUrl}. */
  public static HttpSettings of(URI baseUrl) {
    return new HttpSettings(baseUrl, DEFAULT_TIMEOUT, DEFAULT_MAX_STALE, InstantSource.system());
  }

  public HttpSettings withClock(InstantSource clock) {
    return new HttpSettings(baseUrl, timeout, maxStale, clock);
  }

  public HttpSettings withTimeout(Duration timeout) {
    return new HttpSettings(baseUrl, timeout, maxStale, clock);
  }
}
