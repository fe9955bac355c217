package dev.runneriq.core.priority;

import dev.runneriq.core.model.Tier;
import java.util.List;

/**
 * A job's priority: a score 0–100 that is the sum of its factor lines, and the tier it falls in.
 */
public record Priority(int score, Tier tier, List<Factor> factors) {
  public Priority {
    factors = List.copyOf(factors);
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("priority must be between 0 and 100, but was " + score);
    }
    int sum = 0;
    for (var f : factors) {
      sum += f.points();
    }
    if (sum != score) {
      throw new IllegalArgumentException(
          "priority " + score + " is not the sum of its factor lines (" + sum + ")");
    }
  }

  /** The factor lines in words, most points first: {@code deploys to production +40, …}. */
  public String renderFactors() {
    // a few lines each, for every job of every cycle: sorted in place (stable), written once
    var lines = new Factor[factors.size()];
    int n = 0;
    for (var f : factors) {
      if (f.points() == 0) {
        continue;
      }
      int at = n++;
      while (at > 0 && lines[at - 1].points() < f.points()) {
        lines[at] = lines[at - 1];
        at--;
      }
      lines[at] = f;
    }
    var out = new StringBuilder(48 * n);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(", ");
      }
      lines[i].appendTo(out);
    }
    return out.toString();
  }
}
