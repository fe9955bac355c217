package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * A filter's answer for one job on one runner: {@link #ACCEPT}, or {@link Rejected} for a stable
 * {@link Reason}. A filter returns constants: the specifics of a rejection are put into words from
 * the job and the runner only when an explanation reads them, so rejecting allocates nothing.
 */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {
  /** The runner may take the job, as far as this filter is concerned. */
  Verdict ACCEPT = new Accepted();

  /** A rejection without specifics: the reason says it all. */
  static Rejected reject(Reason reason) {
    return new Rejected(reason, (job, runner) -> "");
  }

  /** A rejection whose specifics {@code detail} renders, e.g. {@code "[gpu]"}. */
  static Rejected reject(Reason reason, Detail detail) {
    return new Rejected(reason, detail);
  }

  /** The specifics of a rejection for the explanation, e.g. {@code "[gpu]"}. */
  @FunctionalInterface
  interface Detail {
    String of(PendingJob job, Runner runner);
  }

  /** See {@link #ACCEPT}. */
  record Accepted() implements Verdict {}

  /** The runner cannot take the job now, for {@code reason}. */
  record Rejected(Reason reason, Detail detail) implements Verdict {}
}
