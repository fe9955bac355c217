package dev.runneriq.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** The model's answer once its shape is checked: a runner id and a rationale. */
record Answer(long runnerId, String rationale) {

  /** Line breaks and tabs: a run of them becomes one space. */
  private static final Pattern BREAKS = Pattern.compile("[\\r\\n\\t\\u2028\\u2029]+");

  /**
   * What a terminal acts on: other controls, lone surrogates, bidi overrides, isolates and marks.
   */
  private static final Pattern CONTROLS =
      Pattern.compile("[\\p{Cc}\\p{Cs}\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

  /**
   * Reads the {@value Prompt#TOOL} arguments; the id must be an integer and the rationale a string
   * (clipped to {@value Prompt#RATIONALE_LIMIT} characters, line breaks made spaces and control
   * characters dropped: it is shown in decisions, logs and terminals). Whether the id is a near-tie
   * is the guard's question, not this one.
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
    return new Answer(
        id.longValue(), Prompt.clip(plain(rationale.textValue()), Prompt.RATIONALE_LIMIT));
  }

  /** One line of visible text: breaks become spaces, control characters go. */
  static String plain(String text) {
    String oneLine = BREAKS.matcher(text).replaceAll(" ");
    return CONTROLS.matcher(oneLine).replaceAll("").strip();
  }

  private static LlmCallException malformed(String why) {
    return new LlmCallException(Failure.MALFORMED, why);
  }
}
