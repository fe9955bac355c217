package dev.runneriq.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One provider's wire: sends a {@link Prompt} and returns the arguments of the forced tool call,
 * unvalidated. Runs on the guard's thread and may be interrupted when the deadline passes.
 */
interface Transport extends AutoCloseable {

  /**
   * @throws LlmCallException for an error status or an unreachable endpoint, classified
   * @throws InterruptedException when the guard gave up waiting
   */
  Reply send(Prompt prompt) throws LlmCallException, InterruptedException;

  @Override
  void close();

  /**
   * What came back.
   *
   * @param arguments the tool call's input as JSON, or null when there was none
   * @param problem why there are no arguments (empty when there are)
   */
  record Reply(@Nullable JsonNode arguments, String problem, long inputTokens, long outputTokens) {
    static Reply of(JsonNode arguments, long in, long out) {
      return new Reply(arguments, "", in, out);
    }

    static Reply missing(String problem, long in, long out) {
      return new Reply(null, problem, in, out);
    }
  }
}
