package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Calibration;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.optimizer.HonestyConfig;
import dev.runneriq.optimizer.LearnConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

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
    var h = HonestyConfig.DEFAULT;
    var c = o.putObject("calibration");
    c.put("enabled", true);
    c.put("max_points", h.maxPoints());
    c.put("min_pipelines", h.minPipelines());
    c.put("min_share", h.minShare());
    c.put("ratio", h.ratio());
    c.put("half_life_days", h.halfLife().toDays());
    c.putObject("projects");
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
        (int) o.integerBetween("backfill_jobs", 0, 100_000),
        honesty(o.object("calibration")));
  }

  /** {@code optimizer.calibration}, or null when not enabled. */
  private static @Nullable HonestyConfig honesty(Node c) {
    var projects = new LinkedHashMap<String, Integer>();
    c.stringMap("projects")
        .forEach(
            (project, v) -> {
              int points;
              try {
                points = Integer.parseInt(v.strip());
              } catch (NumberFormatException e) {
                throw c.error(
                    "projects/" + project,
                    "must be an integer from -"
                        + Calibration.MAX_POINTS
                        + " to 0, but was "
                        + Printable.clip(v));
              }
              if (points > 0 || points < -Calibration.MAX_POINTS) {
                throw c.error(
                    "projects/" + project,
                    "must be from -" + Calibration.MAX_POINTS + " to 0, but was " + points);
              }
              projects.put(project, points);
            });
    var h =
        new HonestyConfig(
            Duration.ofDays(c.integerBetween("half_life_days", 1, 365)),
            (int) c.integerBetween("min_pipelines", 1, 100_000),
            c.numberBetween("min_share", 0.01, 1),
            c.numberBetween("ratio", 1, 1_000),
            (int) c.integerBetween("max_points", 0, Calibration.MAX_POINTS),
            projects);
    return c.bool("enabled", true) ? h : null;
  }
}
