package dev.runneriq.gitlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.formats.IoWords;
import dev.runneriq.gitlab.GitLabJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One request to GitLab, done politely: the rate limit first, the token in a header, a timeout,
 * retries with exponential backoff on network errors and 5xx, {@code Retry-After} on 429, and a
 * {@link GitLabApiException} that names the endpoint and GitLab's message once it gives up.
 */
final class GitLabHttp {
  private static final System.Logger LOG = System.getLogger(GitLabHttp.class.getName());
  private static final int MAX_MESSAGE = 300;

  /** A successful answer. */
  record Response(int status, HttpHeaders headers, byte[] body, String endpoint) {}

  private final GitLabConfig config;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RateLimiter limiter;

  GitLabHttp(GitLabConfig config) {
    this(
        config,
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        Sleeper.REAL,
        System::nanoTime,
        Clock.systemUTC());
  }

  GitLabHttp(
      GitLabConfig config, HttpClient http, Sleeper sleeper, LongSupplier nanoTime, Clock clock) {
    this.config = config;
    this.http = http;
    this.sleeper = sleeper;
    this.clock = clock;
    this.limiter = new RateLimiter(config.requestsPerSecond(), nanoTime, sleeper);
  }

  GitLabConfig config() {
    return config;
  }

  /** GET with {@code PRIVATE-TOKEN}. */
  Response get(URI uri) {
    return send(uri, null);
  }

  /** POST of a JSON body with a bearer token, as GitLab's GraphQL endpoint takes it. */
  Response postJson(URI uri, String json) {
    return send(uri, json);
  }

  /** Method and path (with query) of a request, the form exceptions and logs show. */
  static String endpoint(String method, URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return method + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private Response send(URI uri, @Nullable String json) {
    String endpoint = endpoint(json == null ? "GET" : "POST", uri);
    HttpRequest request;
    try {
      request = request(uri, json);
    } catch (IllegalArgumentException e) {
      // the JDK's message repeats the header's value, the token: it goes no further
      throw failure(
          GitLabApiException.NO_RESPONSE,
          endpoint,
          "the request to " + endpoint + " could not be built: a header value is invalid");
    }
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= config.maxAttempts();
      try {
        limiter.acquire();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
          return new Response(status, r.headers(), r.body(), endpoint);
        }
        if (status == 429 && !last) {
          Duration wait = retryAfter(r.headers(), attempt);
          if (wait.compareTo(config.maxRetryAfter()) > 0) {
            throw failure(status, endpoint, "rate limited; Retry-After " + wait + " is too long");
          }
          retryLater(endpoint, "429 Too Many Requests", wait);
          continue;
        }
        if (retryable(status) && !last) {
          retryLater(endpoint, "status " + status, backoff(attempt));
          continue;
        }
        throw failure(status, endpoint, message(r.body()));
      } catch (HttpTimeoutException e) {
        if (last) {
          throw failure(GitLabApiException.NO_RESPONSE, endpoint, "timed out", e);
        }
        retryLater(endpoint, "timeout", backoff(attempt));
      } catch (IOException e) {
        if (last) {
          throw failure(
              GitLabApiException.NO_RESPONSE, endpoint, "network error: " + IoWords.of(e), e);
        }
        retryLater(endpoint, IoWords.of(e), backoff(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(GitLabApiException.NO_RESPONSE, endpoint, "interrupted", e);
      }
    }
  }

  private HttpRequest request(URI uri, @Nullable String json) {
    var b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .header("User-Agent", "RunnerIQ");
    if (json == null) {
      b.header("PRIVATE-TOKEN", config.token().reveal()).GET();
    } else {
      b.header("Authorization", "Bearer " + config.token().reveal())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return b.build();
  }

  private void retryLater(String endpoint, String why, Duration wait) {
    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}, retrying in {2}", endpoint, why, wait);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(GitLabApiException.NO_RESPONSE, endpoint, "interrupted", e);
    }
  }

  private static boolean retryable(int status) {
    return status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** The wait before try {@code attempt + 1}: base doubled per try, capped. */
  Duration backoff(int attempt) {
    long base = config.backoffBase().toMillis();
    long factor = 1L << Math.min(attempt - 1, 30);
    long ms = base > config.backoffMax().toMillis() / factor ? Long.MAX_VALUE : base * factor;
    return Duration.ofMillis(Math.min(ms, config.backoffMax().toMillis()));
  }

  /** {@code Retry-After} in seconds or as an HTTP date; the backoff when absent or unreadable. */
  private Duration retryAfter(HttpHeaders headers, int attempt) {
    var value = headers.firstValue("Retry-After").map(String::trim).orElse("");
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (!value.isEmpty()) {
      try {
        var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        var d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException ignored) {
        // fall back to the backoff below
      }
    }
    return backoff(attempt);
  }

  /**
   * GitLab's message from an error body: {@code message} (text or a field map) or {@code error},
   * else the body's start.
   */
  private static String message(byte[] body) {
    String text;
    try {
      JsonNode n = GitLabJson.MAPPER.readTree(body);
      JsonNode m = n == null ? null : n.has("message") ? n.get("message") : n.get("error");
      text =
          m == null
              ? new String(body, java.nio.charset.StandardCharsets.UTF_8)
              : m.isTextual() ? m.asText() : m.toString();
    } catch (IOException e) {
      text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
    text = text.strip();
    if (text.isEmpty()) {
      return "(no message)";
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }

  GitLabApiException failure(int status, String endpoint, String message) {
    return new GitLabApiException(
        status, config.token().redact(endpoint), config.token().redact(message));
  }

  private GitLabApiException failure(int status, String endpoint, String message, Throwable cause) {
    return new GitLabApiException(
        status, config.token().redact(endpoint), config.token().redact(message), cause);
  }
}
