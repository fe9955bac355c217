package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.llm.FakeModelServer.Answer;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible tie-breaker against a loopback chat completions endpoint. */
class OpenAiCompatibleTieBreakerTest extends TieBreakerContract {

  @Override
  LlmConfig.Provider provider() {
    return LlmConfig.Provider.OPENAI_COMPATIBLE;
  }

  @Override
  FakeModelServer.Gate gate(String key) {
    return FakeModelServer.Gate.bearer(key);
  }

  @Override
  String path() {
    return "/v1/chat/completions";
  }

  @Override
  String toolAnswer(String argumentsJson, long inputTokens, long outputTokens) {
    var body = JSON.createObjectNode();
    body.put("id", "chatcmpl-1").put("object", "chat.completion");
    var call =
        body.putArray("choices")
            .addObject()
            .put("index", 0)
            .put("finish_reason", "tool_calls")
            .putObject("message")
            .put("role", "assistant")
            .putNull("content")
            .putArray("tool_calls")
            .addObject()
            .put("id", "call_1")
            .put("type", "function");
    call.putObject("function").put("name", "choose_runner").put("arguments", argumentsJson);
    body.putObject("usage")
        .put("prompt_tokens", inputTokens)
        .put("completion_tokens", outputTokens);
    return body.toString();
  }

  private String contentAnswer(String content) {
    var body = JSON.createObjectNode();
    body.putArray("choices")
        .addObject()
        .putObject("message")
        .put("role", "assistant")
        .put("content", content);
    body.putObject("usage").put("prompt_tokens", 600).put("completion_tokens", 20);
    return body.toString();
  }

  @Override
  String userText(JsonNode request) {
    return request.path("messages").path(1).path("content").asText();
  }

  @Override
  String systemText(JsonNode request) {
    return request.path("messages").path(0).path("content").asText();
  }

  @Test
  void toolsModeForcesTheFunctionAndSendsABearerKey() throws Exception {
    server.answer(Answer.ok(toolAnswer(choice(14), 5, 5)));
    try (var tb = LlmTieBreaker.create(config().build(), clock)) {
      ask(tb);
    }
    var request = server.last();
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + Fixtures.KEY);
    var body = JSON.readTree(request.body());
    assertThat(body.path("tool_choice").path("function").path("name").asText())
        .isEqualTo("choose_runner");
    assertThat(
            body.path("tools")
                .path(0)
                .path("function")
                .path("parameters")
                .path("properties")
                .path("runner_id")
                .path("enum")
                .toString())
        .isEqualTo("[11,14]");
    assertThat(body.has("response_format")).isFalse();
  }

  @Test
  void jsonSchemaModeReadsTheAnswerFromTheContent() throws Exception {
    server.answer(Answer.ok(contentAnswer(choice(14))));
    var cfg = config().mode(LlmConfig.OpenAiMode.JSON_SCHEMA).build();
    try (var tb = LlmTieBreaker.create(cfg, clock)) {
      var c = ask(tb);
      assertThat(c.runnerId()).isEqualTo(14);
      assertThat(c.llm().accepted()).isTrue();
      assertThat(c.llm().outputTokens()).isEqualTo(20);
    }
    var body = JSON.readTree(server.last().body());
    assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean())
        .isTrue();
    assertThat(body.has("tools")).isFalse();
  }

  @Test
  void proseInsteadOfJsonContentFallsBack() {
    server.answer(Answer.ok(contentAnswer("Runner 14, because it is faster.")));
    try (var tb = LlmTieBreaker.create(config().build(), clock)) {
      var c = ask(tb);
      assertThat(c.runnerId()).isEqualTo(11);
      assertThat(c.llm().error())
          .isEqualTo("malformed answer: the answer's arguments are not JSON");
    }
  }

  @Test
  void aServerErrorFallsBack() {
    server.answer(Answer.status(503));
    try (var tb = LlmTieBreaker.create(config().build(), clock)) {
      assertThat(ask(tb).llm().error()).isEqualTo("api error: HTTP 503 (server error)");
    }
  }

  @Test
  void theEndpointIsUnderV1WhetherOrNotTheBaseSaysSo() {
    assertThat(OpenAiCompatibleTieBreaker.endpoint("http://localhost:11434").toString())
        .isEqualTo("http://localhost:11434/v1/chat/completions");
    assertThat(OpenAiCompatibleTieBreaker.endpoint("http://vllm:8000/v1/").toString())
        .isEqualTo("http://vllm:8000/v1/chat/completions");
  }

  @Test
  void anUnreachableEndpointFallsBack() {
    String closed = server.baseUrl();
    server.close();
    try (var tb = LlmTieBreaker.create(Fixtures.config(provider(), closed).build(), clock)) {
      assertThat(ask(tb).llm().error()).isEqualTo("api error: connection failed");
    }
  }
}
