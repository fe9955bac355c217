package dev.runneriq.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the audit log says of the decisions made since a moment, summed by the database: how many by
 * {@code decided_by}, and for each job its latest decision's tier with the wait GitLab's outcome
 * showed (per tier: how many, nearest-rank p50 and p95, max), and the runs of the jobs that
 * finished. Nothing is left out: every decision of the window counts.
 *
 * @param decidedBy decisions per {@code decided_by}
 * @param waits per tier name, of the jobs whose outcome shows when they became pending and started
 * @param finished per job, the run GitLab showed (runner, start, end), for energy and emissions
 */
public record WindowStats(
    Map<String, Long> decidedBy, Map<String, Waits> waits, List<Run> finished) {

  public static final WindowStats EMPTY = new WindowStats(Map.of(), Map.of(), List.of());

  public WindowStats {
    decidedBy = Map.copyOf(decidedBy);
    waits = Map.copyOf(waits);
    finished = List.copyOf(finished);
  }

  /** Waits in whole seconds; {@code p50} and {@code p95} by nearest rank. */
  public record Waits(long jobs, long p50, long p95, long max) {}

  /** A job that ran on {@code runnerId} from {@code started} to {@code finished}. */
  public record Run(long runnerId, Instant started, Instant finished) {}
}
