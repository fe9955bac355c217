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
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One request to GitLab, done politely: the rate limit before every try, the token in a header, a
 * timeout, the retries {@link GitLabRetry} decides (backoff on network errors and 5xx, {@code
 * Retry-After} on 429), and a {@link GitLabApiException} that names the endpoint and GitLab's
 * message once it gives up.
 */
final class GitLabHttp {
  private static final int MAX_MESSAGE = 300;

  /** A successful answer. */
  record Response(int status, HttpHeaders headers, byte[] body, String endpoint) {}

  private final GitLabConfig config;
  private final HttpClient http;
  private final GitLabRetry retry;
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
    this.retry = new GitLabRetry(config, sleeper, clock);
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
    HttpResponse<byte[]> r = retry.run(() -> attempt(request, endpoint));
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return new Response(status, r.headers(), r.body(), endpoint);
    }
    throw failure(status, endpoint, message(r.body()));
  }

  /** One try: GitLab's answer, whatever its status, or why there was none. */
  private HttpResponse<byte[]> attempt(HttpRequest request, String endpoint) {
    try {
      limiter.acquire();
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw failure(GitLabApiException.NO_RESPONSE, endpoint, "timed out", e);
    } catch (IOException e) {
      throw failure(GitLabApiException.NO_RESPONSE, endpoint, "network error: " + IoWords.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(GitLabApiException.NO_RESPONSE, endpoint, "interrupted", e);
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
    return failure(status, endpoint, message, null);
  }

  private GitLabApiException failure(
      int status, String endpoint, String message, @Nullable Throwable cause) {
    return GitLabApiException.redacted(config.token(), status, endpoint, message, cause);
  }
}
