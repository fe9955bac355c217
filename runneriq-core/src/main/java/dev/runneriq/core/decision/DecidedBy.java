package dev.runneriq.core.decision;

/** Who settled a decision. */
public enum DecidedBy {
  /** A clear winner by the rules. */
  RULES("rules"),
  /** A near-tie settled by the deterministic rule order. */
  TIE_BREAK("tie-break"),
  /** A near-tie settled by the language model. */
  LLM("llm"),
  /** The engine or a dependency failed; GitLab's own order was used. */
  FIFO_FALLBACK("fifo-fallback");

  private final String wire;

  DecidedBy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static DecidedBy fromWire(String s) {
    for (var d : values()) {
      if (d.wire.equals(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown decided_by: " + s);
  }
}
