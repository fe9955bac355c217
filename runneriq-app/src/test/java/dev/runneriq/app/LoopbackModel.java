package dev.runneriq.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runneriq.formats.Documents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat endpoint on loopback that always chooses the last runner the request's
 * {@code choose_runner} schema allows (the rule order takes the first, so an accepted answer
 * shows). Real HTTP; records the requests' headers and bodies.
 */
public final class LoopbackModel implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final String rationale;

  public LoopbackModel() throws IOException {
    this("the faster of the two");
  }

  /** A model that gives {@code rationale} with every choice. */
  public LoopbackModel(String rationale) throws IOException {
    this.rationale = rationale;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A config file's llm section pointing at this server. */
  public String yaml() {
    return "llm:\n  provider: openai-compatible\n  model: loopback-1\n  base_url: "
        + baseUrl()
        + "\n  timeout_ms: 5000\n";
  }

  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      JsonNode ids =
          Documents.JSON
              .readTree(body)
              .at("/tools/0/function/parameters/properties/runner_id/enum");
      long chosen = ids.get(ids.size() - 1).asLong();
      var answer = Documents.JSON.createObjectNode();
      var call =
          answer
              .putArray("choices")
              .addObject()
              .putObject("message")
              .put("role", "assistant")
              .putArray("tool_calls")
              .addObject()
              .put("id", "call_1")
              .put("type", "function");
      var arguments = Documents.JSON.createObjectNode();
      arguments.put("runner_id", chosen).put("rationale", rationale);
      call.putObject("function")
          .put("name", "choose_runner")
          .put("arguments", arguments.toString());
      answer.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 40);
      byte[] out = answer.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, out.length);
      exchange.getResponseBody().write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
