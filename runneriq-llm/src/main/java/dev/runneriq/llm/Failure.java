package dev.runneriq.llm;

/**
 * Why a tie-break fell back to the rule order. The label is stable and low-cardinality (a metric
 * label and the start of {@code llm.error}); the specifics follow it in the error text.
 */
public enum Failure {
  /** No answer within the timeout; the call was cancelled. */
  TIMEOUT("timeout"),
  /** The provider answered with an error status (401, 429, 529, 5xx …) or could not be reached. */
  API_ERROR("api error"),
  /** The answer was not the forced tool call with the schema's fields. */
  MALFORMED("malformed answer"),
  /** The answer named a runner that was not among the near-ties. */
  OUTSIDE_NEAR_TIES("outside near-ties"),
  /** The day's call or dollar budget is spent; no call was made. */
  BUDGET_EXHAUSTED("budget exhausted"),
  /** Too many failures in a row; no call was made during the cool-down. */
  CIRCUIT_OPEN("circuit open");

  private final String label;

  Failure(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether a call was attempted and failed, which counts against the circuit breaker. */
  boolean countsAgainstBreaker() {
    return this != BUDGET_EXHAUSTED && this != CIRCUIT_OPEN;
  }
}
