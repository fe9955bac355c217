package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;
import java.util.List;

/**
 * A feasible runner with its weighted total (0–100) and the score lines it is made of, plus the
 * scorers' words for the explanation, in the same order as the lines.
 */
public record Candidate(Runner runner, double total, List<ScoreLine> scores, List<String> words) {
  public Candidate {
    scores = List.copyOf(scores);
    words = words instanceof ScoreWords ? words : List.copyOf(words);
  }

  public long runnerId() {
    return runner.id();
  }
}
