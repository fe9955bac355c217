package dev.runneriq.carbon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on 127.0.0.1 that answers GETs by path (without the query) with a canned
 * response, records every request (path with query, headers) and can be switched to fail.
 */
final class LoopbackApi implements AutoCloseable {
  /** A canned answer. */
  record Answer(int status, String body, Map<String, String> headers, Duration delay) {
    static Answer json(String body) {
      return new Answer(200, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
    }

    static Answer status(int status, String body) {
      return new Answer(status, body, Map.of(), Duration.ZERO);
    }

    Answer withHeader(String name, String value) {
      var h = new HashMap<>(headers);
      h.put(name, value);
      return new Answer(status, body, h, delay);
    }

    Answer delayed(Duration d) {
      return new Answer(status, body, headers, d);
    }
  }

  /** One request as the server saw it. */
  record Request(String pathAndQuery, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse("");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile @Nullable Answer override;

  LoopbackApi() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  LoopbackApi on(String path, Answer answer) {
    answers.put(path, answer);
    return this;
  }

  /** From now on every path answers {@code answer} (null: back to the per-path answers). */
  void failWith(@Nullable Answer answer) {
    override = answer;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long hits(String path) {
    return requests.stream().filter(r -> r.pathAndQuery().split("\\?")[0].equals(path)).count();
  }

  static String resource(String name) {
    try (InputStream in = LoopbackApi.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String path = uri.getRawPath();
    requests.add(
        new Request(
            uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(),
            Map.copyOf(ex.getRequestHeaders())));
    Answer o = override;
    Answer a = o != null ? o : answers.get(path);
    if (a == null) {
      a = Answer.status(404, "{\"error\":\"no route " + path + "\"}");
    }
    try {
      Thread.sleep(a.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    try {
      ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    } catch (IOException clientGone) {
      // the client timed out and closed the connection
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
