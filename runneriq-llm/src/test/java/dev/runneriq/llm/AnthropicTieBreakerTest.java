package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.llm.FakeModelServer.Answer;
import org.junit.jupiter.api.Test;

/** The Anthropic tie-breaker, through the real SDK, against a loopback Messages API. */
class AnthropicTieBreakerTest extends TieBreakerContract {

  @Override
  LlmConfig.Provider provider() {
    return LlmConfig.Provider.ANTHROPIC;
  }

  @Override
  FakeModelServer.Gate gate(String key) {
    return FakeModelServer.Gate.anthropic(key);
  }

  @Override
  String path() {
    return "/v1/messages";
  }

  @Override
  String toolAnswer(String argumentsJson, long inputTokens, long outputTokens) {
    return """
        {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
         "content": [{"type": "tool_use", "id": "toolu_01", "name": "choose_runner", "input": %s}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": %d, "output_tokens": %d}}
        """
        .formatted(argumentsJson, inputTokens, outputTokens);
  }

  @Override
  String userText(JsonNode request) {
    var content = request.path("messages").path(0).path("content");
    return content.isTextual() ? content.asText() : content.path(0).path("text").asText();
  }

  @Override
  String systemText(JsonNode request) {
    var system = request.path("system");
    return system.isTextual() ? system.asText() : system.path(0).path("text").asText();
  }

  @Test
  void theRequestForcesTheToolWithTheNearTieIdsAndSendsTheKeyOnlyInAHeader() throws Exception {
    server.answer(Answer.ok(toolAnswer(choice(11), 5, 5)));
    try (var tb = LlmTieBreaker.create(config().build(), clock)) {
      ask(tb);
    }
    var request = server.last();
    // what the Messages API documents for an API key: once, in x-api-key, with a version
    assertThat(request.header("x-api-key")).isEqualTo(Fixtures.KEY);
    assertThat(request.header("Authorization")).isEmpty();
    assertThat(request.header("anthropic-version")).isIn(FakeModelServer.ANTHROPIC_VERSIONS);
    assertThat(request.body()).doesNotContain(Fixtures.KEY);
    var body = JSON.readTree(request.body());
    assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(LlmConfig.DEFAULT_MAX_TOKENS);
    assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
    assertThat(body.path("tool_choice").path("name").asText()).isEqualTo("choose_runner");
    var schema = body.path("tools").path(0).path("input_schema");
    assertThat(schema.path("properties").path("runner_id").path("enum").toString())
        .isEqualTo("[11,14]");
    assertThat(schema.path("properties").path("rationale").path("maxLength").asInt())
        .isEqualTo(300);
    assertThat(schema.path("required").toString()).isEqualTo("[\"runner_id\",\"rationale\"]");
  }

  @Test
  void aTextAnswerWithoutTheToolCallFallsBack() {
    server.answer(
        Answer.ok(
            """
            {"id": "msg_02", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
             "content": [{"type": "text", "text": "I pick runner 14."}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 700, "output_tokens": 8}}
            """));
    try (var tb = LlmTieBreaker.create(config().build(), clock)) {
      var c = ask(tb);
      assertThat(c.runnerId()).isEqualTo(11);
      assertThat(c.llm().error())
          .isEqualTo("malformed answer: no choose_runner tool call in the response");
      assertThat(c.llm().inputTokens()).isEqualTo(700);
    }
  }

  @Test
  void anthropicNeedsAKey() {
    var keyless = config().build().withApiKey(null);
    assertThatThrownBy(() -> LlmTieBreaker.create(keyless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RUNNERIQ_LLM_API_KEY");
  }
}
