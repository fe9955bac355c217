package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.RunnerStats;
import dev.runneriq.formats.Documents;
import dev.runneriq.optimizer.Honesty;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Optimizer found: how many finished jobs it learned from, each runner's learned health
 * and speed (with {@code unhealthy} or {@code slow} where they stand out), and the projects whose
 * claims it damps ({@code GET /api/v1/insights}, the dashboard's Optimizer panel).
 *
 * @param learnedFrom finished jobs learned from since start (the backfill's among them)
 * @param backfilled finished jobs read at start
 * @param fleetSuccessRate the share of all runners' runs that did not fail by their runner's fault
 */
public record Insights(
    long learnedFrom,
    long backfilled,
    double fleetSuccessRate,
    List<RunnerInsight> runners,
    List<Honesty.Flag> calibration) {

  public static final Insights NONE = new Insights(0, 0, 1, List.of(), List.of());

  /** Below the fleet's success rate by this much, a runner is named unhealthy. */
  public static final double UNHEALTHY = 0.05;

  /** Jobs taking this much longer than its declared speed says, a runner is named slow. */
  public static final double SLOW = 1.25;

  /**
   * What stands out of a runner's learned stats against the fleet's success rate: {@code
   * unhealthy}, {@code slow}, both or neither.
   */
  public static List<String> flags(RunnerStats stats, double fleetSuccessRate) {
    var flags = new ArrayList<String>(2);
    if (stats.successRate() <= fleetSuccessRate - UNHEALTHY) {
      flags.add("unhealthy");
    }
    if (stats.durationFactor() >= SLOW) {
      flags.add("slow");
    }
    return flags;
  }

  public Insights {
    runners = List.copyOf(runners);
    calibration = List.copyOf(calibration);
  }

  /** The answer of {@code GET /api/v1/insights}. */
  ObjectNode json() {
    var o = Documents.JSON.createObjectNode();
    o.put("learned_from", learnedFrom);
    o.put("backfilled", backfilled);
    o.put("fleet_success_rate", round(fleetSuccessRate));
    var rs = o.putArray("runners");
    for (var r : runners) {
      var ro = rs.addObject();
      ro.put("id", r.id());
      ro.put("name", r.name());
      ro.put("jobs", r.jobs());
      ro.put("success_rate", round(r.successRate()));
      ro.put("duration_factor", round(r.durationFactor()));
      var flags = ro.putArray("flags");
      r.flags().forEach(flags::add);
    }
    var cs = o.putArray("calibration");
    for (var f : calibration) {
      var co = cs.addObject();
      co.put("project", f.project());
      co.put("signal", f.signal());
      co.put("share", round(f.share()));
      co.put("others_share", round(f.othersShare()));
      co.put("seen", f.seen());
      co.put("points", f.points());
      co.put("reason", f.reason());
      co.put("overridden", f.overridden());
    }
    return o;
  }

  private static double round(double v) {
    return Emissions.round(v);
  }

  /**
   * One runner as learned.
   *
   * @param flags {@code unhealthy} (success rate 5 points or more below the fleet's), {@code slow}
   *     (jobs take a quarter longer or more than its declared speed says)
   */
  public record RunnerInsight(
      long id,
      String name,
      long jobs,
      double successRate,
      double durationFactor,
      List<String> flags) {
    public RunnerInsight {
      flags = List.copyOf(flags);
    }
  }
}
