package dev.runneriq.gitlab.client;

import dev.runneriq.gitlab.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one GitLab instance and how politely. Every limit has a named default; errors name
 * the key of {@code runneriq.yaml} they come from. {@code toString()} shows no token.
 *
 * @param baseUrl the instance, e.g. {@code https://gitlab.example.com} (a path prefix is kept)
 * @param token a personal, group or project access token with {@code read_api} ({@code api} for the
 *     job writes of gate mode)
 * @param maxAttempts tries per request, the first included, on network errors, 5xx and 429
 * @param backoffBase the wait before the second try (at least 1 ms); it doubles per try up to
 *     {@code backoffMax}
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the request
 * @param requestsPerSecond the client-side rate limit, spread evenly
 * @param perPage page size asked for (GitLab caps it at 100)
 * @param maxPages the most pages followed for one listing or query, a guard against endless links;
 *     the default, {@value #DEFAULT_MAX_PAGES}, reads 200,000 items of 100 a page: twice the
 *     100,000 pending jobs of a large instance, whose GraphQL queue comes in pages of 100
 */
public record GitLabConfig(
    URI baseUrl,
    Secret token,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    Duration maxRetryAfter,
    double requestsPerSecond,
    int perPage,
    int maxPages) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(2);
  public static final double DEFAULT_REQUESTS_PER_SECOND = 5;
  public static final int DEFAULT_PER_PAGE = 100;
  public static final int DEFAULT_MAX_PAGES = 2_000;

  public GitLabConfig {
    Objects.requireNonNull(baseUrl, "gitlab.url");
    Objects.requireNonNull(token, "gitlab.token");
    String scheme = baseUrl.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "gitlab.url must be an http or https URL with a host, but was " + baseUrl);
    }
    positive("gitlab.connect_timeout", connectTimeout);
    positive("gitlab.request_timeout", requestTimeout);
    atLeastOneMilli("gitlab.retry.backoff_base", backoffBase);
    atLeastOneMilli("gitlab.retry.backoff_max", backoffMax);
    Objects.requireNonNull(maxRetryAfter, "gitlab.retry.max_retry_after");
    atLeast("gitlab.retry.max_attempts", maxAttempts, 1);
    atLeast("gitlab.per_page", perPage, 1);
    atLeast("gitlab.max_pages", maxPages, 1);
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "gitlab.requests_per_second must be a positive number, but was " + requestsPerSecond);
    }
  }

  /** The defaults for everything but where and who. */
  public static GitLabConfig of(URI baseUrl, Secret token) {
    return builder(baseUrl, token).build();
  }

  public static Builder builder(URI baseUrl, Secret token) {
    return new Builder(baseUrl, token);
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    var b = new Builder(baseUrl, token);
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.maxAttempts = maxAttempts;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.maxRetryAfter = maxRetryAfter;
    b.requestsPerSecond = requestsPerSecond;
    b.perPage = perPage;
    b.maxPages = maxPages;
    return b;
  }

  /** Named defaults, overridden one by one; {@link #build()} validates. */
  public static final class Builder {
    private final URI baseUrl;
    private final Secret token;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoffBase = DEFAULT_BACKOFF_BASE;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private int perPage = DEFAULT_PER_PAGE;
    private int maxPages = DEFAULT_MAX_PAGES;

    private Builder(URI baseUrl, Secret token) {
      this.baseUrl = baseUrl;
      this.token = token;
    }

    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = connect;
      this.requestTimeout = request;
      return this;
    }

    public Builder retry(int attempts, Duration base, Duration max) {
      this.maxAttempts = attempts;
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    public Builder maxRetryAfter(Duration longest) {
      this.maxRetryAfter = longest;
      return this;
    }

    public Builder requestsPerSecond(double perSecond) {
      this.requestsPerSecond = perSecond;
      return this;
    }

    public Builder paging(int size, int most) {
      this.perPage = size;
      this.maxPages = most;
      return this;
    }

    public GitLabConfig build() {
      return new GitLabConfig(
          baseUrl,
          token,
          connectTimeout,
          requestTimeout,
          maxAttempts,
          backoffBase,
          backoffMax,
          maxRetryAfter,
          requestsPerSecond,
          perPage,
          maxPages);
    }
  }

  private static void positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, but was " + d);
    }
  }

  /** Backoffs are counted in whole milliseconds. */
  private static void atLeastOneMilli(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(key + " must be at least 1 ms, but was " + d);
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", but was " + value);
    }
  }
}
