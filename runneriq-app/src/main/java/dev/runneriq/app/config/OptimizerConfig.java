package dev.runneriq.app.config;

import dev.runneriq.optimizer.HonestyConfig;
import dev.runneriq.optimizer.LearnConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the service's Optimizer learns from and how: the learner's weights, and how far back it
 * reads finished jobs when it starts.
 *
 * @param backfill how far back a project's finished jobs are read at start; zero reads none
 * @param backfillJobs the most finished jobs read per project at start
 * @param honesty when and how much a project whose claims stand out is damped; null damps none
 */
public record OptimizerConfig(
    LearnConfig learn, Duration backfill, int backfillJobs, @Nullable HonestyConfig honesty) {
  /**
   * Three days' half-life; a week of finished jobs, at most 1,000 per project; claims watched with
   * the default thresholds.
   */
  public static final OptimizerConfig DEFAULT =
      new OptimizerConfig(LearnConfig.DEFAULT, Duration.ofDays(7), 1_000, HonestyConfig.DEFAULT);

  public OptimizerConfig {
    if (backfill.isNegative()) {
      throw new IllegalArgumentException("backfill must not be negative, but was " + backfill);
    }
    if (backfillJobs < 0) {
      throw new IllegalArgumentException(
          "backfill_jobs must not be negative, but was " + backfillJobs);
    }
  }
}
