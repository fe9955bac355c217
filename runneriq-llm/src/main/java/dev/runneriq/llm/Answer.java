package dev.runneriq.llm;

import com.fasterxml.jackson.databind.JsonNode;

/** The model's answer once its shape is checked: a runner id and a rationale. */
record Answer(long runnerId, String rationale) {

  /**
   * Reads the {@value Prompt#TOOL} arguments; the id must be an integer and the rationale a string
   * (clipped to {@value Prompt#RATIONALE_LIMIT} characters). Whether the id is a near-tie is the
   * guard's question, not this one.
   */
  static Answer parse(JsonNode arguments) throws LlmCallException {
    if (!arguments.isObject()) {
      throw malformed("arguments are not a JSON object");
    }
    JsonNode id = arguments.path("runner_id");
    if (!id.isIntegralNumber() || !id.canConvertToLong()) {
      throw malformed("runner_id is missing or not an integer");
    }
    JsonNode rationale = arguments.path("rationale");
    if (!rationale.isTextual()) {
      throw malformed("rationale is missing or not a string");
    }
    return new Answer(id.longValue(), Prompt.clip(rationale.textValue(), Prompt.RATIONALE_LIMIT));
  }

  private static LlmCallException malformed(String why) {
    return new LlmCallException(Failure.MALFORMED, why);
  }
}
