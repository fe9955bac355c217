package dev.runneriq.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.RequestOptions;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Settles near-ties with Claude through Anthropic's official Java SDK (Messages API). The model
 * must answer by calling the {@value Prompt#TOOL} tool ({@code tool_choice} forces it); the SDK
 * does no retries, since a retry could not fit in the deadline, and follows no redirect, which
 * would re-send the prompt (CI metadata) and the key to wherever {@code Location} points: a 3xx is
 * an error, as on the OpenAI-compatible path. Everything else is the {@link Guard}'s.
 */
public final class AnthropicTieBreaker extends LlmTieBreaker {
  /**
   * Where the Messages API documents an API key. The key is set as this header rather than through
   * the SDK's {@code apiKey(…)}: the SDK (3.14) sends every fixed credential, an API key as much as
   * an OAuth token, as {@code Authorization: Bearer}, which the API documents for short-lived
   * access tokens (workload identity federation, OAuth), not for API keys. The SDK adds {@code
   * anthropic-version} itself, and no {@code Authorization} to a request that already carries this
   * header.
   */
  static final String API_KEY_HEADER = "X-Api-Key";

  public AnthropicTieBreaker(LlmConfig config) {
    this(config, InstantSource.system());
  }

  public AnthropicTieBreaker(LlmConfig config, InstantSource clock) {
    super(config, messages(config), clock);
  }

  private static Messages messages(LlmConfig config) {
    String key = config.apiKey();
    if (key == null) {
      throw new IllegalArgumentException(
          "provider anthropic needs an API key: set "
              + LlmConfig.API_KEY_ENV
              + " (llm.api_key is never read from the file)");
    }
    AnthropicClient client =
        AnthropicOkHttpClient.builder()
            .baseUrl(config.baseUrl())
            .putHeader(API_KEY_HEADER, key)
            .timeout(LlmCallException.backstop(config.timeout()))
            .maxRetries(0)
            .build();
    var messages = new Messages(client, config);
    messages.warmUp();
    return messages;
  }

  /** The Messages API call: prompt and tool in, the tool call's input out. */
  private record Messages(AnthropicClient client, LlmConfig config) implements Transport {
    /** The SDK's OkHttp client follows redirects unless a request says otherwise. */
    private static final RequestOptions NO_REDIRECTS =
        RequestOptions.builder().followRedirects(false).build();

    /**
     * Loads and links the SDK's request and response classes (seconds on a cold JVM) here rather
     * than on the first decision, which would otherwise time out: writes a request for a sample
     * near-tie and reads a sample answer, without any network.
     */
    void warmUp() {
      var sample = Prompt.sample();
      try {
        var mapper = ObjectMappers.jsonMapper();
        mapper.writeValueAsString(params(sample)._body());
        read(mapper.readValue(SAMPLE_ANSWER, Message.class));
      } catch (JsonProcessingException | LlmCallException e) {
        throw new IllegalStateException("the Anthropic SDK cannot handle a sample message", e);
      }
    }

    private static final String SAMPLE_ANSWER =
        """
        {"id": "msg_0", "type": "message", "role": "assistant", "model": "m",
         "content": [{"type": "text", "text": "t"},
                     {"type": "tool_use", "id": "toolu_0", "name": "choose_runner",
                      "input": {"runner_id": 1, "rationale": "r"}}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 1, "output_tokens": 1}}
        """;

    private MessageCreateParams params(Prompt prompt) {
      return MessageCreateParams.builder()
          .model(config.model())
          .maxTokens(config.maxTokens())
          .system(prompt.system())
          .addUserMessage(prompt.user())
          .addTool(tool(prompt))
          .toolChoice(
              ToolChoiceTool.builder().name(Prompt.TOOL).disableParallelToolUse(true).build())
          .build();
    }

    @Override
    public Reply send(Prompt prompt) throws LlmCallException {
      var params = params(prompt);
      Message message;
      try {
        message = client.messages().create(params, NO_REDIRECTS);
      } catch (AnthropicServiceException e) {
        throw LlmCallException.forStatus(e.statusCode());
      } catch (AnthropicIoException e) {
        throw LlmCallException.io(e);
      } catch (AnthropicInvalidDataException e) {
        throw new LlmCallException(Failure.MALFORMED, "not a Messages API response");
      }
      return read(message);
    }

    private static Reply read(Message message) throws LlmCallException {
      long in;
      long out;
      try {
        in = message.usage().inputTokens();
        out = message.usage().outputTokens();
        for (var block : message.content()) {
          var use = block.toolUse();
          if (use.isPresent() && Prompt.TOOL.equals(use.get().name())) {
            JsonNode input = use.get()._input().convert(JsonNode.class);
            return input == null
                ? Reply.missing("the tool call has no input", in, out)
                : Reply.of(input, in, out);
          }
        }
      } catch (AnthropicInvalidDataException e) {
        throw new LlmCallException(Failure.MALFORMED, "not a Messages API response");
      }
      return Reply.missing("no " + Prompt.TOOL + " tool call in the response", in, out);
    }

    private static Tool tool(Prompt prompt) {
      var schema = prompt.inputSchema();
      var properties = Tool.InputSchema.Properties.builder();
      schema
          .get("properties")
          .properties()
          .forEach(e -> properties.putAdditionalProperty(e.getKey(), jsonValue(e.getValue())));
      var input =
          Tool.InputSchema.builder()
              .properties(properties.build())
              .required(List.of("runner_id", "rationale"))
              .putAdditionalProperty("additionalProperties", JsonValue.from(false))
              .build();
      return Tool.builder()
          .name(Prompt.TOOL)
          .description(Prompt.TOOL_DESCRIPTION)
          .inputSchema(input)
          .build();
    }

    private static JsonValue jsonValue(JsonNode node) {
      return JsonValue.from(Prompt.json().convertValue(node, Map.class));
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
