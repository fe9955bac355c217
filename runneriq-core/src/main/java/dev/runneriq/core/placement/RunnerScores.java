package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the scorers say of each runner of the fleet a {@link Placement} places on, kept between
 * jobs: raw values of scorers that rate runners only ({@link Scorer#usesJob}) once per runner
 * state, those of scorers that look at the job for the job under way, normalized values in a range,
 * weights, twins ({@link TossUps}) and candidates with their score lines. Not thread-safe; belongs
 * to one placement.
 */
final class RunnerScores {
  private final Scorer[] scorers;
  private final boolean[] runnerOnly;
  private final boolean[] usesRange;
  private final PlacementConfig config;
  private final int speedScorer;
  private final int healthScorer;

  private List<Runner> runners = List.of();
  private @Nullable PendingJob job;
  private @Nullable ScoringInputs inputs;

  /** Per runner, its class of interchangeable runners (equal {@link TossUps#twinKey}s). */
  private int[] twinClass = new int[0];

  private double[][] jobRaws;
  private double[][] runnerRaws;
  private boolean[] runnerRawsValid = new boolean[0];

  RunnerScores(List<Scorer> scorers, PlacementConfig config) {
    this.scorers = scorers.toArray(Scorer[]::new);
    this.runnerOnly = new boolean[this.scorers.length];
    this.usesRange = new boolean[this.scorers.length];
    for (int s = 0; s < this.scorers.length; s++) {
      runnerOnly[s] = !this.scorers[s].usesJob();
      usesRange[s] = this.scorers[s].usesRange();
    }
    this.config = config;
    this.speedScorer = indexOf(Scorers.SPEED);
    this.healthScorer = indexOf(Scorers.HEALTH);
    this.jobRaws = new double[this.scorers.length][0];
    this.runnerRaws = new double[this.scorers.length][0];
  }

  /** Whether every scorer rates runners only, so that jobs of a kind share their scores. */
  boolean byRunnerOnly() {
    for (boolean only : runnerOnly) {
      if (!only) {
        return false;
      }
    }
    return true;
  }

  /** The placement under way: its runners, its job and the scorers' inputs. */
  void placing(List<Runner> runners, PendingJob job, ScoringInputs inputs) {
    this.runners = runners;
    this.job = job;
    this.inputs = inputs;
  }

  /** A new fleet, or new inputs: every value is worked out again when asked for. */
  void forget() {
    Arrays.fill(runnerRawsValid, false);
  }

  /** A new fleet of {@code runners}: their twin classes, and nothing kept. */
  void reset(List<Runner> fleet) {
    int n = fleet.size();
    if (runnerRawsValid.length < n) {
      jobRaws = new double[scorers.length][n];
      runnerRaws = new double[scorers.length][n];
      runnerRawsValid = new boolean[n];
      twinClass = new int[n];
    }
    forget();
    var classes = new HashMap<Object, Integer>();
    for (int i = 0; i < n; i++) {
      twinClass[i] = classes.computeIfAbsent(TossUps.twinKey(fleet.get(i)), k -> classes.size());
    }
  }

  /**
   * Runner {@code i}'s values after its load changed, {@code r} now; true when a value a range
   * rests on moved, or a scorer learnt or lost its value, so that every ranking ranks afresh.
   */
  boolean rescore(int i, Runner r) {
    if (!runnerRawsValid[i]) {
      return false;
    }
    boolean moved = false;
    for (int s = 0; s < scorers.length; s++) {
      if (runnerOnly[s]) {
        double before = runnerRaws[s][i];
        double after = scorers[s].raw(job(), r, inputs());
        runnerRaws[s][i] = after;
        moved |=
            Double.isNaN(before) != Double.isNaN(after)
                || (usesRange[s] && Double.compare(before, after) != 0);
      }
    }
    return moved;
  }

  int count() {
    return scorers.length;
  }

  /** The raw values of the scorers that look at the job under way, on its feasible runners. */
  void scoreForJob(long[] feasible) {
    for (int s = 0; s < scorers.length; s++) {
      if (!runnerOnly[s]) {
        for (int w = 0; w < feasible.length; w++) {
          for (long bits = feasible[w]; bits != 0; bits &= bits - 1) {
            int i = w * 64 + Long.numberOfTrailingZeros(bits);
            jobRaws[s][i] = scorers[s].raw(job(), runners.get(i), inputs());
          }
        }
      }
    }
  }

  /** Scorer {@code s}'s raw value for runner {@code i} (for the job under way, if it looks). */
  double raw(int s, int i) {
    if (!runnerOnly[s]) {
      return jobRaws[s][i];
    }
    if (!runnerRawsValid[i]) {
      Runner r = runners.get(i);
      for (int t = 0; t < scorers.length; t++) {
        if (runnerOnly[t]) {
          runnerRaws[t][i] = scorers[t].raw(job(), r, inputs());
        }
      }
      runnerRawsValid[i] = true;
    }
    return runnerRaws[s][i];
  }

  boolean usesRange(int s) {
    return usesRange[s];
  }

  /** Scorer {@code s}'s weight for a job of {@code tier}, by the configured table. */
  int weight(int s, Tier tier) {
    return config.weight(scorers[s].name(), tier);
  }

  String name(int s) {
    return scorers[s].name();
  }

  /** Scorer {@code s}'s value for runner {@code i}, normalized in the given range and checked. */
  double normalized(int s, int i, double min, double max) {
    double normalized = scorers[s].normalize(raw(s, i), runners.get(i), min, max);
    if (!(normalized >= 0 && normalized <= 100)) {
      throw new IllegalStateException(
          "scorer " + scorers[s].name() + " normalized to " + normalized + ", outside [0,100]");
    }
    return normalized;
  }

  /** Whether runners {@code a} and {@code b} are interchangeable ({@link TossUps}). */
  boolean twins(int a, int b) {
    return twinClass[a] == twinClass[b]
        && TossUps.close(
            rawOf(speedScorer, a),
            rawOf(healthScorer, a),
            rawOf(speedScorer, b),
            rawOf(healthScorer, b));
  }

  /** Runner {@code i} as a candidate: its total and its score line for every scorer. */
  Candidate candidate(int i, double total, int[] weights, Ranking ranking) {
    Runner r = runners.get(i);
    var lines = new ArrayList<ScoreLine>(scorers.length);
    double[] mine = new double[scorers.length];
    for (int s = 0; s < scorers.length; s++) {
      double raw = raw(s, i);
      mine[s] = raw;
      double norm = normalized(s, i, ranking.min(s), ranking.max(s));
      lines.add(
          new ScoreLine(
              scorers[s].name(), Double.isNaN(raw) ? null : raw, round1(norm), weights[s]));
    }
    return new Candidate(r, round1(total), lines, new ScoreWords(scorers, mine, r, inputs()));
  }

  private PendingJob job() {
    return Objects.requireNonNull(job, "a placement under way");
  }

  private ScoringInputs inputs() {
    return Objects.requireNonNull(inputs, "a placement under way");
  }

  private double rawOf(int scorer, int i) {
    return scorer < 0 ? Double.NaN : raw(scorer, i);
  }

  private int indexOf(String name) {
    for (int s = 0; s < scorers.length; s++) {
      if (scorers[s].name().equals(name)) {
        return s;
      }
    }
    return -1;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
