package dev.runneriq.gitlab.client;

import dev.runneriq.formats.RetryAfter;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * When a GitLab request is tried again and how long the client waits first, all in this class, on
 * resilience4j's {@link Retry}. At most {@link GitLabConfig#maxAttempts()} tries in all. A network
 * error or timeout, or an answer 500, 502, 503 or 504, waits the backoff: {@link
 * GitLabConfig#backoffBase()}, doubled per try up to {@link GitLabConfig#backoffMax()}, without
 * jitter. An answer 429 waits what {@code Retry-After} says (read by {@link RetryAfter}; the
 * backoff when it is absent or unreadable), and fails at once when that is longer than {@link
 * GitLabConfig#maxRetryAfter()}. Any other answer, and the last try's, goes back to the caller. A
 * write ({@link #forWrites}) is tried again only after a 429 with a readable {@code Retry-After}:
 * after anything else GitLab may have acted on it.
 *
 * <p>resilience4j waits with {@code Thread.sleep}, which only a setting for the whole JVM could
 * replace. So the wait is taken here, through the client's {@link Sleeper} (tests record waits
 * instead of sleeping), and resilience4j is told to wait no more.
 */
final class GitLabRetry {
  private static final System.Logger LOG = System.getLogger(GitLabRetry.class.getName());

  private final GitLabConfig config;
  private final Sleeper sleeper;
  private final Clock clock;
  private final IntervalFunction backoff;
  private final Retry retry;

  GitLabRetry(GitLabConfig config, Sleeper sleeper, Clock clock) {
    this(config, sleeper, clock, false);
  }

  /** The retries of writes: a 429 with a readable {@code Retry-After}, nothing else. */
  static GitLabRetry forWrites(GitLabConfig config, Sleeper sleeper, Clock clock) {
    return new GitLabRetry(config, sleeper, clock, true);
  }

  private GitLabRetry(GitLabConfig config, Sleeper sleeper, Clock clock, boolean writes) {
    this.config = config;
    this.sleeper = sleeper;
    this.clock = clock;
    this.backoff =
        IntervalFunction.ofExponentialBackoff(config.backoffBase(), 2, config.backoffMax());
    RetryConfig policy =
        RetryConfig.<HttpResponse<byte[]>>custom()
            .maxAttempts(config.maxAttempts())
            .retryOnResult(r -> writes ? turnedAway(r) : retryable(r.statusCode()))
            .retryOnException(e -> !writes && noAnswer(e))
            .intervalBiFunction(this::waitBeforeNextTry)
            .failAfterMaxAttempts(false)
            .build();
    this.retry = Retry.of(writes ? "gitlab-writes" : "gitlab", policy);
  }

  /**
   * Runs {@code attempt} until it gives an answer not to retry or the tries are used up.
   *
   * @param attempt one try: GitLab's answer, or a {@link GitLabApiException} for no answer
   * @return the last answer, whatever its status
   * @throws GitLabApiException from the last try, for a 429 asking too long a wait, or when
   *     interrupted while waiting
   */
  HttpResponse<byte[]> run(Supplier<HttpResponse<byte[]>> attempt) {
    return retry.executeSupplier(attempt);
  }

  /** The wait after the failed try {@code attempt} (1 for the first). */
  Duration backoff(int attempt) {
    return Duration.ofMillis(backoff.apply(attempt));
  }

  /** A 429 saying when to come back: GitLab's rate limit turned the request away unread. */
  private boolean turnedAway(HttpResponse<byte[]> r) {
    return r.statusCode() == 429
        && r.headers()
            .firstValue(RetryAfter.HEADER)
            .flatMap(v -> RetryAfter.parse(v, clock.instant()))
            .isPresent();
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** A network error or timeout; not an interrupt, nor a failure of ours. */
  private static boolean noAnswer(Throwable e) {
    return e instanceof GitLabApiException g
        && g.status() == GitLabApiException.NO_RESPONSE
        && g.getCause() instanceof IOException;
  }

  private long waitBeforeNextTry(int attempt, Either<Throwable, HttpResponse<byte[]>> outcome) {
    if (outcome.isLeft()) {
      var failed = (GitLabApiException) outcome.getLeft();
      waitBeforeRetry(failed.endpoint(), failed.gitlabMessage(), backoff(attempt));
      return 0;
    }
    var answer = outcome.get();
    String endpoint = GitLabHttp.endpoint(answer.request().method(), answer.request().uri());
    if (answer.statusCode() != 429) {
      waitBeforeRetry(endpoint, "status " + answer.statusCode(), backoff(attempt));
      return 0;
    }
    Duration wait =
        answer
            .headers()
            .firstValue(RetryAfter.HEADER)
            .flatMap(v -> RetryAfter.parse(v, clock.instant()))
            .orElseGet(() -> backoff(attempt));
    if (wait.compareTo(config.maxRetryAfter()) > 0) {
      throw failure(429, endpoint, "rate limited; Retry-After " + wait + " is too long", null);
    }
    waitBeforeRetry(endpoint, "429 Too Many Requests", wait);
    return 0;
  }

  private void waitBeforeRetry(String endpoint, String why, Duration wait) {
    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}, retrying in {2}", endpoint, why, wait);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(GitLabApiException.NO_RESPONSE, endpoint, "interrupted", e);
    }
  }

  private GitLabApiException failure(
      int status, String endpoint, String message, @Nullable Throwable e) {
    return GitLabApiException.redacted(config.token(), status, endpoint, message, e);
  }
}
