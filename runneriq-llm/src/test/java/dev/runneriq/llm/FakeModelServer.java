package dev.runneriq.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A model provider on loopback: answers every POST with the current {@link Answer} (status, body,
 * delay) and records what it received. Its {@link Gate} first refuses what the real endpoint
 * refuses before reading a request (a missing or wrong key, a missing version), in that provider's
 * error shape. Real HTTP on 127.0.0.1 and an ephemeral port.
 */
final class FakeModelServer implements AutoCloseable {

  /** What a provider's endpoint refuses outright, and how it says so. */
  interface Gate {
    /** The refusal of {@code request}, or null to let it through to the current answer. */
    @Nullable Answer refuse(Received request);

    /** Lets everything through. */
    Gate OPEN = request -> null;

    /**
     * Anthropic's Messages API: the key in {@code x-api-key} (401 {@code authentication_error}
     * without it, or with another key, whatever {@code Authorization} says), and an {@code
     * anthropic-version} it documents (400 {@code invalid_request_error} otherwise).
     */
    static Gate anthropic(String key) {
      return request -> {
        String given = request.header("x-api-key");
        if (given.isEmpty()) {
          return anthropicError(401, "authentication_error", "x-api-key header is required");
        }
        if (!given.equals(key)) {
          return anthropicError(401, "authentication_error", "invalid x-api-key");
        }
        String version = request.header("anthropic-version");
        if (!ANTHROPIC_VERSIONS.contains(version)) {
          return anthropicError(
              400,
              "invalid_request_error",
              version.isEmpty()
                  ? "anthropic-version: header is required"
                  : "anthropic-version: " + version + " is not a valid version");
        }
        return null;
      };
    }

    /** An OpenAI-compatible endpoint started with a key: {@code Authorization: Bearer <key>}. */
    static Gate bearer(String key) {
      return request ->
          request.header("Authorization").equals("Bearer " + key)
              ? null
              : new Answer(
                  401,
                  "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\":"
                      + " \"invalid_request_error\", \"code\": \"invalid_api_key\"}}",
                  0);
    }
  }

  /** The versions Anthropic's API documents for {@code anthropic-version}. */
  static final Set<String> ANTHROPIC_VERSIONS = Set.of("2023-06-01", "2026-10-21");

  private static Answer anthropicError(int status, String type, String message) {
    return new Answer(
        status,
        "{\"type\": \"error\", \"error\": {\"type\": \""
            + type
            + "\", \"message\": \""
            + message
            + "\"}, \"request_id\": \"req_fake\"}",
        0);
  }

  /** What the server answers, with {@code headers} besides its JSON content type. */
  record Answer(int status, String body, long delayMs, Map<String, String> headers) {
    Answer(int status, String body, long delayMs) {
      this(status, body, delayMs, Map.of());
    }

    static Answer ok(String body) {
      return new Answer(200, body, 0);
    }

    static Answer status(int status) {
      return new Answer(
          status, "{\"type\":\"error\",\"error\":{\"type\":\"e\",\"message\":\"m\"}}", 0);
    }

    /** A redirect ({@code 302}, {@code 307} …) to {@code location}. */
    static Answer redirect(int status, String location) {
      return new Answer(status, "", 0, Map.of("Location", location));
    }
  }

  /** One request as received. */
  record Received(String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return String.join(",", e.getValue());
        }
      }
      return "";
    }
  }

  private final HttpServer server;
  private final Gate gate;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer answer = Answer.status(500);

  /** A server that lets every request through. */
  FakeModelServer() throws IOException {
    this(Gate.OPEN);
  }

  FakeModelServer(Gate gate) throws IOException {
    this.gate = gate;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(Answer a) {
    this.answer = a;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Received last() {
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var request =
          new Received(
              exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
      received.add(request);
      var refusal = gate.refuse(request);
      var a = refusal == null ? answer : refusal;
      if (a.delayMs() > 0) {
        Thread.sleep(a.delayMs());
      }
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      a.headers().forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(a.status(), out.length);
      exchange.getResponseBody().write(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
