package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Node;
import dev.runneriq.optimizer.LearnConfig;
import java.time.Duration;

/** The {@code optimizer} section of {@code runneriq.yaml} as a tree and back. */
final class OptimizerSection {
  private OptimizerSection() {}

  static void defaults(ObjectNode root) {
    var d = OptimizerConfig.DEFAULT;
    var o = root.putObject("optimizer");
    o.put("half_life_h", d.learn().halfLife().toHours());
    o.put("prior_runs", d.learn().priorRuns());
    o.put("backfill_days", d.backfill().toDays());
    o.put("backfill_jobs", d.backfillJobs());
  }

  /** The section; the prior health is the engine's {@code placement.default_success_rate}. */
  static OptimizerConfig bind(Node root) {
    double defaultSuccessRate = root.object("placement").number("default_success_rate");
    var o = root.object("optimizer");
    var d = LearnConfig.DEFAULT;
    var learn =
        new LearnConfig(
            Duration.ofHours(o.integerBetween("half_life_h", 1, 24L * 365)),
            o.numberBetween("prior_runs", 0, 1_000, d.priorRuns()),
            defaultSuccessRate,
            d.samplesPerJob(),
            d.maxJobs());
    return new OptimizerConfig(
        learn,
        Duration.ofDays(o.integerBetween("backfill_days", 0, 90)),
        (int) o.integerBetween("backfill_jobs", 0, 100_000));
  }
}
