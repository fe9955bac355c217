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
 * timeout, the retries {@link GitLabRetry} decides (for reads, backoff on network errors and 5xx
 * and {@code Retry-After} on 429; for writes, only {@code Retry-After} on 429), and a {@link
 * GitLabApiException} that names the endpoint and GitLab's message once it gives up.
 */
final class GitLabHttp {
  private static final int MAX_MESSAGE = 300;

  /** Why a failed write is not sent again. */
  static final String NOT_RESENT = "; not sent again, as GitLab may have acted on it";

  /** What a request is: a REST read, a GraphQL query, or a REST write. */
  private enum Kind {
    READ,
    GRAPHQL,
    WRITE
  }

  /** A successful answer. */
  record Response(int status, HttpHeaders headers, byte[] body, String endpoint) {}

  private final GitLabConfig config;
  private final HttpClient http;
  private final GitLabRetry retry;
  private final GitLabRetry writeRetry;
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
    this.writeRetry = GitLabRetry.forWrites(config, sleeper, clock);
    this.limiter = new RateLimiter(config.requestsPerSecond(), nanoTime, sleeper);
  }

  GitLabConfig config() {
    return config;
  }

  /** GET with {@code PRIVATE-TOKEN}. */
  Response get(URI uri) {
    return send(uri, Kind.READ, "");
  }

  /** POST of a JSON body with a bearer token, as GitLab's GraphQL endpoint takes it. */
  Response postJson(URI uri, String json) {
    return send(uri, Kind.GRAPHQL, json);
  }

  /**
   * POST without a body, with {@code PRIVATE-TOKEN}: a write (play, cancel, retry), in the rate
   * limit's urgent lane. A write is not idempotent: after a timeout, a network error or a 5xx
   * GitLab may have acted, so it is never sent again; only a 429 with a readable {@code
   * Retry-After} is waited out and sent again, GitLab's rate limit having turned it away before it
   * acted.
   */
  Response write(URI uri) {
    return RateLimiter.urgently(() -> send(uri, Kind.WRITE, ""));
  }

  /** Method and path (with query) of a request, the form exceptions and logs show. */
  static String endpoint(String method, URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return method + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** Sends one request; {@code json} is the GraphQL query's body, empty for the others. */
  private Response send(URI uri, Kind kind, String json) {
    String endpoint = endpoint(kind == Kind.READ ? "GET" : "POST", uri);
    HttpRequest request;
    try {
      request = request(uri, kind, json);
    } catch (IllegalArgumentException e) {
      // the JDK's message repeats the header's value, the token: it goes no further
      throw failure(
          GitLabApiException.NO_RESPONSE,
          endpoint,
          "the request to " + endpoint + " could not be built: a header value is invalid");
    }
    boolean write = kind == Kind.WRITE;
    HttpResponse<byte[]> r;
    try {
      r = (write ? writeRetry : retry).run(() -> attempt(request, endpoint));
    } catch (GitLabApiException e) {
      if (write
          && e.status() == GitLabApiException.NO_RESPONSE
          && e.getCause() instanceof IOException) {
        throw failure(e.status(), endpoint, e.gitlabMessage() + NOT_RESENT, e);
      }
      throw e;
    }
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return new Response(status, r.headers(), r.body(), endpoint);
    }
    throw failure(status, endpoint, message(r.body()) + (write && status >= 500 ? NOT_RESENT : ""));
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

  private HttpRequest request(URI uri, Kind kind, String json) {
    var b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .header("User-Agent", "RunnerIQ");
    if (kind == Kind.READ) {
      b.header("PRIVATE-TOKEN", config.token().reveal()).GET();
    } else if (kind == Kind.WRITE) {
      b.header("PRIVATE-TOKEN", config.token().reveal()).POST(HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Authorization", "Bearer " + config.token().reveal())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return b.build();
  }

  /**
   * GitLab's message from an error body: {@code message} (text or a field map) or {@code error}
   * (with OAuth's {@code error_description}, and the {@code scope} the token lacks), else the
   * body's start.
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
      if (n != null && !n.has("message") && m != null) {
        text += oauthDetail(n);
      }
    } catch (IOException e) {
      text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
    text = text.strip();
    if (text.isEmpty()) {
      return "(no message)";
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }

  /**
   * OAuth's words beside its {@code error} code: the description, and the scope the token lacks
   * ({@code insufficient_scope}: a {@code read_api} token's write needs {@code api}).
   */
  private static String oauthDetail(JsonNode n) {
    String description = n.path("error_description").asText("");
    String scope = n.path("scope").asText("");
    return (description.isEmpty() ? "" : ": " + description)
        + (scope.isEmpty() ? "" : " (the token needs the " + scope + " scope)");
  }

  GitLabApiException failure(int status, String endpoint, String message) {
    return failure(status, endpoint, message, null);
  }

  private GitLabApiException failure(
      int status, String endpoint, String message, @Nullable Throwable cause) {
    return GitLabApiException.redacted(config.token(), status, endpoint, message, cause);
  }
}
