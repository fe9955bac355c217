package dev.runneriq.app.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.Documents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error the service answers is its own JSON in words: no stack trace, no Java or library
 * class name, no HTML page from the server underneath. /mcp answers JSON-RPC errors; the open
 * /readyz says how many, never which projects or jobs.
 */
class ErrorAnswersTest {
  static final String TOKEN = "error-answers-token-77";
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  static ApiServer server;
  static volatile LiveState state;
  static volatile boolean broken;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    state = LoopbackApi.example();
    server =
        LoopbackApi.start(
            TOKEN,
            64 * 1024,
            () -> {
              if (broken) {
                throw new IllegalStateException("boom");
              }
              return state;
            });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Nothing of the code behind the answer: frames, exception or class names, library names. */
  static void assertInWords(String body) {
    assertThat(body)
        .doesNotContain("stackTrace")
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("com.fasterxml")
        .doesNotContain("org.eclipse")
        .doesNotContain("McpSchema")
        .doesNotContain("<html");
  }

  static HttpResponse<String> mcp(String method, String body, @Nullable String session)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON-RPC message of an answer, whether sent as JSON or as one server-sent event. */
  static JsonNode message(HttpResponse<String> r) throws Exception {
    String body = r.body();
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      body =
          body.lines()
              .filter(l -> l.startsWith("data:"))
              .map(l -> l.substring(5))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no event in " + r.body()));
    }
    return Documents.JSON.readTree(body);
  }

  static String session() throws Exception {
    var r = mcp("POST", INITIALIZE, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    mcp("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", id);
    return id;
  }

  @Test
  void mcpTransportErrorsAreJsonRpcErrorsWithoutAStackTrace() throws Exception {
    var notJson = mcp("POST", "{not json", null);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertInWords(notJson.body());
    assertThat(message(notJson).at("/error/code").asInt()).isEqualTo(-32700);

    var noSession = mcp("GET", "", null);
    assertThat(noSession.statusCode()).isEqualTo(400);
    assertInWords(noSession.body());
    assertThat(message(noSession).at("/error/message").asText()).contains("Mcp-Session-Id");

    var unknown =
        mcp("POST", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", "no-such-one");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertInWords(unknown.body());
    assertThat(message(unknown).at("/error/message").asText()).contains("initialize");

    var delete = mcp("DELETE", "", null);
    assertThat(delete.statusCode()).isEqualTo(400);
    assertInWords(delete.body());
  }

  @Test
  void mcpParamsOfTheWrongShapeAreInvalidParamsInWords() throws Exception {
    var init =
        mcp(
            "POST",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "{},\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
            null);
    assertInWords(init.body());
    var error = message(init).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(-32602);
    assertThat(error.get("message").asText()).contains("initialize", "protocolVersion");
    assertThat(message(init).get("id").asInt()).isEqualTo(1);

    String session = session();
    for (String params : List.of("\"str\"", "{\"name\":\"pending_queue\",\"arguments\":[1]}")) {
      var call =
          mcp(
              "POST",
              "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":" + params + "}",
              session);
      assertInWords(call.body());
      assertThat(call.body()).as(params + " must be answered").isNotBlank();
      var m = message(call);
      assertThat(m.get("id").asInt()).isEqualTo(7);
      assertThat(m.at("/error/code").asInt()).as(call.body()).isEqualTo(-32602);
      assertThat(m.at("/error/message").asText()).contains("tools/call", "arguments");
    }
    // the session still answers a good call
    var ok =
        mcp(
            "POST",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"pending_queue\",\"arguments\":{\"limit\":1}}}",
            session);
    assertThat(message(ok).at("/result/isError").asBoolean()).isFalse();
  }

  @Test
  void aRequestTheServerCannotReadGetsTheApisJsonError() throws Exception {
    for (String head :
        List.of(
            "GET /api/v1/queue%00 HTTP/1.1\r\nHost: x\r\n",
            "GET /api/v1/queue HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n",
            "GET /api/v1/queue HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n")) {
      String answer =
          raw(head + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
      String status = answer.lines().findFirst().orElse("");
      assertThat(status).as(head).matches("HTTP/1.1 4\\d\\d .*");
      assertThat(answer).as(head).containsIgnoringCase("Content-Type: application/json");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertInWords(body);
      var error = Documents.JSON.readTree(body).get("error");
      assertThat(error.get("status").asInt()).isEqualTo(Integer.parseInt(status.split(" ")[1]));
      assertThat(error.get("message").asText()).isNotBlank();
    }
  }

  @Test
  void anInternalErrorNamesNoClass() throws Exception {
    broken = true;
    try {
      var r = get("/api/v1/queue");
      assertThat(r.statusCode()).isEqualTo(500);
      assertInWords(r.body());
      assertThat(r.body()).doesNotContain("IllegalState").doesNotContain("boom");
    } finally {
      broken = false;
    }
  }

  @Test
  void readinessCountsWhatThePollLeftOutAndNamesNoProjectOrJob() throws Exception {
    var fixed = state;
    state =
        new LiveState() {
          @Override
          public Snapshot snapshot() {
            return fixed.snapshot();
          }

          @Override
          public List<Decision> decisions() {
            return fixed.decisions();
          }

          @Override
          public Instant refreshedAt() {
            return Instant.now();
          }

          @Override
          public @Nullable String staleReason() {
            return null;
          }

          @Override
          public boolean gitlabReachable() {
            return true;
          }

          @Override
          public List<String> gitlabSkipped() {
            return List.of(
                "project shop/legacy skipped: GitLab answered 404 to GET"
                    + " /api/v4/projects/shop%2Flegacy/jobs",
                "job 4711 of project 42 skipped: GitLab answered 404 to GET"
                    + " /api/v4/projects/42/jobs/4711");
          }

          @Override
          public @Nullable String carbonProvider() {
            return "electricitymaps";
          }

          @Override
          public Map<String, String> carbonProblems() {
            return Map.of(
                "DE", "electricitymaps, zone DE: server error (HTTP 503)",
                "runner build-eu-7 (31)", "no zone: its jobs count as no carbon data");
          }
        };
    try {
      var r = get("/readyz");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .doesNotContain("shop")
          .doesNotContain("4711")
          .doesNotContain("/api/v4")
          .doesNotContain("build-eu-7")
          .doesNotContain("503");
      var checks = Documents.JSON.readTree(r.body()).get("checks");
      assertThat(checks.at("/gitlab/detail").asText()).contains("2 left out", "/api/v1/queue");
      assertThat(checks.at("/carbon/detail").asText()).contains("2 problem", "/api/v1/fleet");

      state =
          new FixedState(
              fixed.snapshot(),
              fixed.decisions(),
              Instant.now(),
              "GitLab failed"
                  + " at 2026-11-28T10:15:02Z: GitLab answered 500 to GET /api/v4/projects/shop%2Fweb/jobs;"
                  + " showing the snapshot from 2026-11-28T10:14:31Z",
              false);
      var stale = get("/readyz");
      assertThat(stale.statusCode()).isEqualTo(503);
      assertThat(stale.body()).doesNotContain("shop").doesNotContain("/api/v4");
      assertThat(Documents.JSON.readTree(stale.body()).at("/checks/gitlab/detail").asText())
          .contains("/api/v1/queue");
    } finally {
      state = fixed;
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String raw(String request) throws IOException {
    try (var s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(UTF_8));
      return new String(s.getInputStream().readAllBytes(), UTF_8);
    }
  }
}
