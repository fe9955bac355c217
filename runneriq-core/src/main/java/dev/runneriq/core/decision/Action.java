package dev.runneriq.core.decision;

import java.util.Locale;

/** What a decision says to do with the job. The wire names are lower case. */
public enum Action {
  /** Run on the chosen runner now. */
  ASSIGN,
  /** Hold until a greener window. */
  DEFER,
  /** No feasible runner has a free slot; it stays queued. */
  WAIT,
  /** No runner could ever take it as things stand. */
  UNPLACEABLE,
  /** Free a slot by cancelling a lower-priority job (active modes only). */
  PREEMPT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
