package dev.runneriq.core.placement;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.List;
import java.util.Locale;

/** The default scorers and their names. Each documents its unit and how it normalizes. */
public final class Scorers {
  private Scorers() {}

  public static final String FREE_CAPACITY = "free_capacity";
  public static final String HEALTH = "health";
  public static final String SPEED = "speed";
  public static final String CARBON = "carbon";
  public static final String SCARCITY = "scarcity";

  /** Free slots (unit: slots); normalized as the share of the runner's slots that are free. */
  public static final Scorer FREE =
      new Named(FREE_CAPACITY) {
        @Override
        public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
          return runner.freeSlots();
        }

        @Override
        public double normalize(double raw, Runner runner, double min, double max) {
          return 100.0 * raw / runner.concurrency();
        }

        @Override
        public boolean usesRange() {
          return false;
        }

        @Override
        public String describe(double raw, Runner runner) {
          long n = Math.round(raw);
          return n + " free slot" + (n == 1 ? "" : "s");
        }
      };

  /**
   * Points a runner loses per percentage point of success rate below the healthiest candidate: a
   * run its runner fails costs a rerun and someone's attention, so a runner failing a fifth of its
   * runs scores near zero beside healthy ones, not 80.
   */
  public static final double HEALTH_POINTS_PER_POINT = 5;

  /**
   * Success rate of the runner's recent jobs (unit: share 0–1; the configured default when the
   * runner has no history); normalized as the healthiest candidate's percentage, less {@link
   * #HEALTH_POINTS_PER_POINT} for every point below it (at least 0). Runners of equal health score
   * their percentage.
   */
  public static final Scorer SUCCESS =
      new Named(HEALTH) {
        @Override
        public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
          var stats = runner.stats();
          return stats == null ? inputs.defaultSuccessRate() : stats.successRate();
        }

        @Override
        public double normalize(double raw, Runner runner, double min, double max) {
          if (raw >= max) {
            return 100.0 * raw;
          }
          return Math.max(0, 100.0 * max - HEALTH_POINTS_PER_POINT * 100.0 * (max - raw));
        }

        @Override
        public String describe(double raw, Runner runner) {
          return String.format(Locale.ROOT, "%.0f%% success", raw * 100)
              + (runner.stats() == null ? " (assumed)" : "");
        }
      };

  /**
   * Effective speed (unit: relative to a speed-1.0 runner; the declared speed divided by the
   * observed duration factor); normalized against the fastest feasible runner.
   */
  public static final Scorer FAST =
      new Named(SPEED) {
        @Override
        public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
          var stats = runner.stats();
          return stats == null ? runner.speed() : runner.speed() / stats.durationFactor();
        }

        @Override
        public double normalize(double raw, Runner runner, double min, double max) {
          // Divide first: raw / max is exactly 1 at the fastest, 100 * raw / max may not be 100.
          return max > 0 ? 100.0 * (raw / max) : 100;
        }

        @Override
        public String describe(double raw, Runner runner) {
          return String.format(Locale.ROOT, "speed %.2f", raw);
        }
      };

  /**
   * Grid carbon intensity of the runner's zone (unit: gCO2/kWh; unknown when the runner has no zone
   * or the zone no data); normalized in proportion to the cleanest feasible runner, as emissions
   * are (the cleanest 100, one on a grid three times as dirty 33), 50 when unknown.
   */
  public static final Scorer GRID =
      new Named(CARBON) {
        @Override
        public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
          String zone = runner.zone();
          if (zone == null) {
            return Double.NaN;
          }
          CarbonReading r = inputs.carbon().get(zone);
          return r == null ? Double.NaN : r.gco2PerKwh();
        }

        @Override
        public double normalize(double raw, Runner runner, double min, double max) {
          if (Double.isNaN(raw)) {
            return 50;
          }
          // In proportion, as emissions are: a runner on a grid three times as dirty gets a third
          // of the cleanest's score (1 g/kWh added to both keeps a zero-carbon grid finite).
          return raw <= min ? 100 : 100.0 * ((Math.max(0, min) + 1) / (raw + 1));
        }

        @Override
        public String describe(double raw, Runner runner) {
          return Double.isNaN(raw)
              ? "no carbon data for zone " + runner.zone()
              : String.format(Locale.ROOT, "carbon %.0f g/kWh in %s", raw, runner.zone());
        }
      };

  /**
   * Whether the runner is kept for rarer work (unit: 1 when it carries a rare tag, see {@link
   * Scarcity}, else 0); normalized to 0 for such a runner and 100 for any other, so that a job that
   * can run on common runners leaves the rare ones to the jobs only they can run. It looks at the
   * runner only: a job that needs a rare tag can only run on runners that carry it, which all score
   * the same, so the ranking is the one {@link Scarcity#keptFrom} gives.
   */
  public static final Scorer SCARCE =
      new Named(SCARCITY) {
        @Override
        public double raw(PendingJob job, Runner runner, ScoringInputs inputs) {
          return inputs.scarcity().keptFor(runner).isEmpty() ? 0 : 1;
        }

        @Override
        public double normalize(double raw, Runner runner, double min, double max) {
          return raw > 0 ? 0 : 100;
        }

        @Override
        public boolean usesRange() {
          return false;
        }

        @Override
        public String describe(double raw, Runner runner) {
          return raw > 0 ? Reason.KEPT_FOR_RARE_TAGS.text() : "";
        }

        /** Nothing to say for a runner without rare tags. */
        @Override
        public String describe(double raw, Runner runner, ScoringInputs inputs) {
          var kept = inputs.scarcity().keptFor(runner);
          return kept.isEmpty() ? "" : "kept for jobs tagged " + kept;
        }
      };

  public static final List<Scorer> DEFAULT = List.of(FREE, SUCCESS, FAST, GRID, SCARCE);

  private abstract static class Named implements Scorer {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public boolean usesJob() {
      return false;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
