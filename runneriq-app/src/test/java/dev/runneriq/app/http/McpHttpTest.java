package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.formats.Documents;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MCP tools over streamable HTTP at /mcp on the service, behind the API token. */
class McpHttpTest {
  static final String TOKEN = "mcp-test-token-4d1c";
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  static ApiServer server;

  @BeforeAll
  static void start() {
    var state = LoopbackApi.example();
    server = LoopbackApi.start(TOKEN, 256 * 1024, () -> state);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String authorization) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    if (!authorization.isEmpty()) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesAMissingOrWrongTokenWithoutLeakingIt() throws Exception {
    for (String auth : new String[] {"", "Bearer not-" + TOKEN, "Basic " + TOKEN}) {
      var r = post(auth);
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"runneriq\"");
      assertThat(Documents.JSON.readTree(r.body()).at("/error/message").asText())
          .contains("bearer token");
      assertThat(r.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aRequestLargerThanTheServiceTakesIsRefused() throws Exception {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
            + "x".repeat(300 * 1024)
            + "\"}}";
    var r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    // refused on its length: a client that asks first hears the refusal before
                    // sending (one that sends at once may see the connection closed instead)
                    .expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofString(big))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isBetween(400, 499);
  }

  @Test
  void theSdkClientListsAndCallsToolsWithTheToken() {
    var transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
            .endpoint("/mcp")
            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build();
    try (var client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(6);
      var result =
          client.callTool(
              McpSchema.CallToolRequest.builder("pending_queue")
                  .arguments(Map.of("limit", 1))
                  .build());
      assertThat(result.isError()).isFalse();
      assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("deploy-prod");
      var bad =
          client.callTool(
              McpSchema.CallToolRequest.builder("explain_decision")
                  .arguments(Map.of("id", "x1"))
                  .build());
      assertThat(bad.isError()).isTrue();
      assertThat(((McpSchema.TextContent) bad.content().get(0)).text())
          .contains("argument 'id' matches no decision of the loaded snapshot");
    }
  }
}
