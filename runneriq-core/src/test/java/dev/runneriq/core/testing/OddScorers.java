package dev.runneriq.core.testing;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Scorer;
import dev.runneriq.core.placement.ScoringInputs;
import org.jspecify.annotations.Nullable;

/** Scorers that break their contract, to show what the pipeline and the engine do about it. */
public final class OddScorers {
  private OddScorers() {}

  /** A scorer whose dependency is down: every raw value throws {@code IllegalStateException}. */
  public static Scorer throwing(String name, String message) {
    return new Odd(name, message, 0);
  }

  /** A scorer that normalizes every runner to {@code value}, in range or not. */
  public static Scorer normalizingTo(String name, double value) {
    return new Odd(name, null, value);
  }

  private record Odd(String name, @Nullable String failure, double normalized) implements Scorer {
    @Override
    public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return 1;
    }

    @Override
    public double normalize(double raw, Runner runner, double min, double max) {
      return normalized;
    }

    @Override
    public String describe(double raw, Runner runner) {
      return name;
    }
  }
}
