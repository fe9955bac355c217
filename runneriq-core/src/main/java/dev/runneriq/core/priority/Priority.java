package dev.runneriq.core.priority;

import dev.runneriq.core.model.Tier;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A job's priority: a score 0–100 that is the sum of its factor lines, and the tier it falls in.
 */
public record Priority(int score, Tier tier, List<Factor> factors) {
  public Priority {
    factors = List.copyOf(factors);
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("priority must be between 0 and 100, but was " + score);
    }
    int sum = factors.stream().mapToInt(Factor::points).sum();
    if (sum != score) {
      throw new IllegalArgumentException(
          "priority " + score + " is not the sum of its factor lines (" + sum + ")");
    }
  }

  /** The factor lines in words, most points first: {@code deploys to production +40, …}. */
  public String renderFactors() {
    return factors.stream()
        .filter(f -> f.points() != 0)
        .sorted(Comparator.comparingInt(Factor::points).reversed())
        .map(Factor::render)
        .collect(Collectors.joining(", "));
  }
}
