package dev.runneriq.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A model provider on loopback: answers every POST with the current {@link Answer} (status, body,
 * delay) and records what it received. Real HTTP on 127.0.0.1 and an ephemeral port.
 */
final class FakeModelServer implements AutoCloseable {

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
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer answer = Answer.status(500);

  FakeModelServer() throws IOException {
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
    var a = answer;
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(
          new Received(
              exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
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
