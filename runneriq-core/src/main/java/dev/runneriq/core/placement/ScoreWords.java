package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;
import java.util.AbstractList;

/**
 * A candidate's scorer words, rendered only when read: placing a job in the simulator or in a large
 * cycle never pays for formatting text that no one reads. Immutable; each word is made once.
 */
final class ScoreWords extends AbstractList<String> {
  private final Scorer[] scorers;
  private final double[] raws;
  private final Runner runner;
  private final ScoringInputs inputs;
  private final String[] made;

  ScoreWords(Scorer[] scorers, double[] raws, Runner runner, ScoringInputs inputs) {
    this.scorers = scorers;
    this.raws = raws;
    this.runner = runner;
    this.inputs = inputs;
    this.made = new String[scorers.length];
  }

  @Override
  public String get(int index) {
    String w = made[index];
    if (w == null) {
      w = scorers[index].describe(raws[index], runner, inputs);
      made[index] = w;
    }
    return w;
  }

  @Override
  public int size() {
    return scorers.length;
  }
}
