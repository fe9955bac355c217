package dev.runneriq.gitlab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers like GitLab from scripted replies, keyed by raw path and
 * query ({@code /api/v4/runners/all?per_page=100}); unscripted requests get GitLab's 404.
 */
public final class FakeGitLab implements AutoCloseable {

  /** One request as received. */
  public record Call(String method, String target, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return "";
    }
  }

  /** One scripted answer. */
  public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
    public static Reply json(String body) {
      return new Reply(200, body, Map.of(), 0);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, Map.of(), 0);
    }

    public Reply header(String name, String value) {
      var h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, body, h, delayMillis);
    }

    public Reply delayed(long millis) {
      return new Reply(status, body, headers, millis);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger mostInFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  public FakeGitLab() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers {@code target} with these replies in turn, the last one from then on. */
  public FakeGitLab on(String target, Reply... answers) {
    replies.put(target, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** When each request arrived ({@link System#nanoTime()}), in order of arrival. */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The most requests this server was answering at once. */
  public int mostInFlight() {
    return mostInFlight.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    arrivals.add(System.nanoTime());
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    boolean answering = true;
    try (ex) {
      URI uri = ex.getRequestURI();
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      calls.add(new Call(ex.getRequestMethod(), target, Map.copyOf(ex.getRequestHeaders()), body));
      Reply reply = next(target);
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      // answered: once the answer is out its client may send its next request before this
      // handler has returned, and that one is not two at once
      inFlight.decrementAndGet();
      answering = false;
      ex.getResponseHeaders().add("Content-Type", "application/json");
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      ex.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client hung up (a timeout test); nothing to answer
    } finally {
      if (answering) {
        inFlight.decrementAndGet();
      }
    }
  }

  private Reply next(String target) {
    Deque<Reply> queue = replies.get(target);
    if (queue == null) {
      return Reply.status(404, "{\"message\":\"404 Not Found\"}");
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
