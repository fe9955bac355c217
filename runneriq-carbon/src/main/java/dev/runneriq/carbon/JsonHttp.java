package dev.runneriq.carbon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.carbon.CarbonSource.Unavailable;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.IoWords;
import dev.runneriq.formats.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * GETs JSON from one provider's API and turns every failure into a {@link Unavailable} whose
 * message names the provider, the zone and the cause in words: token rejected (401/403), unknown
 * zone (404), rate limited (429, honouring {@code Retry-After} through the {@link ProviderBreaker}:
 * no request is sent until it has passed), server error (5xx), timeout, network error, malformed
 * JSON. The secret header value is never put in a message.
 */
final class JsonHttp {
  private final String provider;
  private final URI base;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final @Nullable String secret;
  private final HttpClient client;
  private final ProviderBreaker breaker;

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
    this.headers = Map.copyOf(headers);
    this.secret = secretHeader == null ? null : headers.get(secretHeader);
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.breaker = new ProviderBreaker(provider, clock);
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
    String refused = breaker.refusal();
    if (refused != null) {
      throw fail(zone, refused);
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
    } finally {
      breaker.sent();
    }
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Documents.parse(response.body(), provider + " " + uri.getPath(), false);
      } catch (FormatException e) {
        throw fail(zone, "malformed response: " + e.getMessage());
      }
    }
    throw fail(zone, statusProblem(status, response));
  }

  private String statusProblem(int status, HttpResponse<?> response) {
    return switch (status) {
      case 401, 403 ->
          secret != null
              ? "the API token was rejected (HTTP " + status + "); check carbon.token"
              : "access refused (HTTP " + status + ")";
      case 404 -> "unknown zone (HTTP 404); check the zone id";
      case 429 -> {
        Duration wait = breaker.rateLimited(response.headers().firstValue(RetryAfter.HEADER));
        yield "rate limited (HTTP 429); retry after " + wait.toSeconds() + " s";
      }
      default ->
          status >= 500
              ? "server error (HTTP " + status + ")"
              : "unexpected answer (HTTP " + status + ")";
    };
  }

  private URI resolve(String pathAndQuery) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
  }

  private Unavailable fail(String zone, String problem) {
    return new Unavailable(redact(provider + ", zone " + zone + ": " + problem));
  }

  /** The message with the secret, if any, replaced; a last guard, since none is ever put in. */
  String redact(String message) {
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "[redacted]");
  }
}
