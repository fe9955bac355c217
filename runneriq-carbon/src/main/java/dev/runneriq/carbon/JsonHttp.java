package dev.runneriq.carbon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.carbon.CarbonSource.Unavailable;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.IoWords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * GETs JSON from one provider's API and turns every failure into a {@link Unavailable} whose
 * message names the provider, the zone and the cause in words: token rejected (401/403), unknown
 * zone (404), rate limited (429, honouring {@code Retry-After}: no request is sent until it has
 * passed), server error (5xx), timeout, network error, malformed JSON. The secret header value is
 * never put in a message.
 */
final class JsonHttp {
  /** When a 429 carries no usable {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private final String provider;
  private final URI base;
  private final Duration timeout;
  private final InstantSource clock;
  private final Map<String, String> headers;
  private final @Nullable String secret;
  private final HttpClient client;
  private volatile Instant backoffUntil = Instant.MIN;

  /**
   * @param headers sent with every request; the value of a header named in {@code secretHeader} is
   *     redacted from every message
   */
  JsonHttp(
      String provider,
      URI base,
      Duration timeout,
      InstantSource clock,
      Map<String, String> headers,
      @Nullable String secretHeader) {
    this.provider = provider;
    this.base = base;
    this.timeout = timeout;
    this.clock = clock;
    this.headers = Map.copyOf(headers);
    this.secret = secretHeader == null ? null : headers.get(secretHeader);
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * GETs {@code pathAndQuery} (relative to the base URL) asked about {@code zone} and reads the
   * answer with {@code reader}; a reader's {@link FormatException} or {@link
   * IllegalArgumentException} (a missing field, a negative value) is a malformed response.
   */
  <T> T get(String pathAndQuery, String zone, Function<JsonNode, T> reader) {
    JsonNode json = get(pathAndQuery, zone);
    try {
      return reader.apply(json);
    } catch (FormatException | IllegalArgumentException e) {
      throw fail(zone, "malformed response: " + e.getMessage());
    }
  }

  private JsonNode get(String pathAndQuery, String zone) {
    Instant now = clock.instant();
    if (now.isBefore(backoffUntil)) {
      throw fail(
          zone,
          "rate limited by the API; not asking again until "
              + backoffUntil
              + " ("
              + secondsBetween(now, backoffUntil)
              + " s left)");
    }
    URI uri = resolve(pathAndQuery);
    HttpRequest request;
    try {
      var b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
      headers.forEach(b::header);
      request = b.GET().build();
    } catch (IllegalArgumentException e) {
      // the JDK's message repeats the header's value, the token: it goes no further
      throw fail(
          zone,
          "the request to "
              + uri.getHost()
              + uri.getPath()
              + " could not be built: a header value is invalid");
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw fail(zone, "no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw fail(zone, "cannot reach " + uri.getHost() + ": " + IoWords.of(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(zone, "interrupted while waiting for " + uri.getHost());
    }
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Documents.parse(response.body(), provider + " " + uri.getPath(), false);
      } catch (FormatException e) {
        throw fail(zone, "malformed response: " + e.getMessage());
      }
    }
    throw fail(zone, statusProblem(status, response, now));
  }

  private String statusProblem(int status, HttpResponse<?> response, Instant now) {
    return switch (status) {
      case 401, 403 ->
          secret != null
              ? "the API token was rejected (HTTP " + status + "); check carbon.token"
              : "access refused (HTTP " + status + ")";
      case 404 -> "unknown zone (HTTP 404); check the zone id";
      case 429 -> {
        Duration wait =
            retryAfter(response.headers().firstValue("Retry-After"), now)
                .orElse(DEFAULT_RETRY_AFTER);
        backoffUntil = now.plus(wait);
        yield "rate limited (HTTP 429); retry after " + wait.toSeconds() + " s";
      }
      default ->
          status >= 500
              ? "server error (HTTP " + status + ")"
              : "unexpected answer (HTTP " + status + ")";
    };
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().trim();
    try {
      long s = Long.parseLong(v);
      return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private URI resolve(String pathAndQuery) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
  }

  private static long secondsBetween(Instant a, Instant b) {
    long s = Duration.between(a, b).toSeconds();
    return Duration.between(a, b).toNanosPart() > 0 ? s + 1 : s;
  }

  private Unavailable fail(String zone, String problem) {
    return new Unavailable(redact(provider + ", zone " + zone + ": " + problem));
  }

  /** The message with the secret, if any, replaced; a last guard, since none is ever put in. */
  String redact(String message) {
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "[redacted]");
  }
}
