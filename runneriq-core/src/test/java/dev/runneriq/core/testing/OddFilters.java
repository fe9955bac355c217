package dev.runneriq.core.testing;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Verdict;
import java.util.function.LongPredicate;

/** Filters that break their contract, to show what the pipeline and the engine do about it. */
public final class OddFilters {
  private OddFilters() {}

  /**
   * A filter whose dependency is down for some runners: it throws {@code IllegalStateException}
   * with {@code message} on every runner whose id {@code on} matches, and accepts the others.
   */
  public static Filter throwingOn(String name, String message, LongPredicate on) {
    return new Filter() {
      @Override
      public Verdict check(PendingJob job, Runner runner) {
        if (on.test(runner.id())) {
          throw new IllegalStateException(message);
        }
        return Verdict.ACCEPT;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
