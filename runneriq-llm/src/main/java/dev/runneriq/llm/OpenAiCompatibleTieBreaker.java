package dev.runneriq.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/**
 * Settles near-ties with a model behind an OpenAI-compatible chat endpoint ({@code POST
 * {base}/v1/chat/completions}), such as Ollama or vLLM, for teams that keep CI metadata in house.
 * The answer is forced either as a function call ({@code tools} and {@code tool_choice}) or as
 * content under a strict {@code response_format} JSON schema ({@code llm.openai_mode}). Plain
 * {@code java.net.http} and Jackson; the {@link Guard} does the rest.
 */
public final class OpenAiCompatibleTieBreaker extends LlmTieBreaker {

  public OpenAiCompatibleTieBreaker(LlmConfig config) {
    this(config, InstantSource.system());
  }

  public OpenAiCompatibleTieBreaker(LlmConfig config, InstantSource clock) {
    super(config, chat(config), clock);
  }

  private static Chat chat(LlmConfig config) {
    var http =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new Chat(http, config, endpoint(config.baseUrl()));
  }

  /** {@code base/v1/chat/completions}, whether or not the base already ends in {@code /v1}. */
  static URI endpoint(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (!base.endsWith("/v1")) {
      base += "/v1";
    }
    return URI.create(base + "/chat/completions");
  }

  /** The chat completions call: prompt and schema in, the structured answer out. */
  private record Chat(HttpClient http, LlmConfig config, URI endpoint) implements Transport {

    @Override
    public Reply send(Prompt prompt) throws LlmCallException, InterruptedException {
      var builder =
          HttpRequest.newBuilder(endpoint)
              .timeout(LlmCallException.backstop(config.timeout()))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body(prompt), StandardCharsets.UTF_8));
      String key = config.apiKey();
      if (key != null) {
        builder.header("Authorization", "Bearer " + key);
      }
      HttpResponse<String> response;
      try {
        response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw LlmCallException.io(e);
      }
      if (response.statusCode() / 100 != 2) {
        throw LlmCallException.forStatus(response.statusCode());
      }
      return read(response.body());
    }

    private String body(Prompt prompt) {
      var json = Prompt.json();
      ObjectNode body = json.createObjectNode();
      body.put("model", config.model());
      body.put("max_tokens", config.maxTokens());
      body.put("temperature", 0);
      var messages = body.putArray("messages");
      messages.addObject().put("role", "system").put("content", prompt.system());
      messages.addObject().put("role", "user").put("content", prompt.user());
      switch (config.openAiMode()) {
        case TOOLS -> {
          var function =
              body.putArray("tools").addObject().put("type", "function").putObject("function");
          function.put("name", Prompt.TOOL).put("description", Prompt.TOOL_DESCRIPTION);
          function.set("parameters", prompt.inputSchema());
          body.putObject("tool_choice")
              .put("type", "function")
              .putObject("function")
              .put("name", Prompt.TOOL);
        }
        case JSON_SCHEMA -> {
          var format = body.putObject("response_format").put("type", "json_schema");
          var schema = format.putObject("json_schema").put("name", Prompt.TOOL).put("strict", true);
          schema.set("schema", prompt.inputSchema());
        }
      }
      return body.toString();
    }

    private static Reply read(String text) {
      JsonNode root;
      try {
        root = Prompt.json().readTree(text);
      } catch (JsonProcessingException e) {
        return Reply.missing("response is not JSON", 0, 0);
      }
      long in = root.path("usage").path("prompt_tokens").asLong(0);
      long out = root.path("usage").path("completion_tokens").asLong(0);
      JsonNode message = root.path("choices").path(0).path("message");
      String arguments = null;
      for (JsonNode call : message.path("tool_calls")) {
        if (Prompt.TOOL.equals(call.path("function").path("name").asText())) {
          arguments = call.path("function").path("arguments").asText(null);
          break;
        }
      }
      if (arguments == null) {
        arguments = message.path("content").asText(null);
      }
      if (arguments == null || arguments.isBlank()) {
        return Reply.missing("no " + Prompt.TOOL + " call and no content in the response", in, out);
      }
      try {
        return Reply.of(Prompt.json().readTree(arguments), in, out);
      } catch (JsonProcessingException e) {
        return Reply.missing("the answer's arguments are not JSON", in, out);
      }
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
