package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;

/**
 * Rates a feasible runner for a job in the scorer's own unit (free slots, success rate, relative
 * speed, g/kWh), then normalizes that raw value to 0–100 against the range seen over all feasible
 * runners of the job (higher is better). Weights are not the scorer's business: they live in {@link
 * PlacementConfig}.
 *
 * <p>Implementations are stateless, thread-safe and do no I/O. A normalized value outside [0,100]
 * is a bug; the pipeline throws naming the scorer, and the engine falls back to FIFO.
 */
public interface Scorer {

  /** Stable name, a key of the weight table and of decisions' score lines. */
  String name();

  /** The raw value in this scorer's unit, or {@code NaN} when unknown. */
  double raw(PendingJob job, Runner runner, ScoringInputs inputs);

  /**
   * Maps a raw value to 0–100 given the smallest and largest known raw values among the job's
   * feasible runners ({@code NaN} when none is known).
   */
  double normalize(double raw, Runner runner, double min, double max);

  /**
   * Whether {@link #raw} looks at the job. A scorer that rates runners only (and the scoring
   * inputs) returns false, and the pipeline computes its raw value once per runner state instead of
   * once per job.
   */
  default boolean usesJob() {
    return true;
  }

  /**
   * Whether {@link #normalize} reads the range ({@code min}, {@code max}) of the feasible runners'
   * values. A scorer that does not (free capacity is a share of the runner's own slots) lets the
   * pipeline keep a job's ranking while runners with extreme values come and go. The default, true,
   * is always safe.
   */
  default boolean usesRange() {
    return true;
  }

  /**
   * A few words for the explanation, e.g. {@code "lowest carbon (58 g/kWh)"}; empty when there is
   * nothing worth saying.
   */
  String describe(double raw, Runner runner);

  /** The same, for a scorer whose words need the scoring inputs; by default {@link #describe}. */
  default String describe(double raw, Runner runner, ScoringInputs inputs) {
    return describe(raw, runner);
  }
}
