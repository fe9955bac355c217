package dev.runneriq.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One moment of a GitLab instance: the runners, the pending jobs and the grid. This is the {@code
 * runneriq.context/v1} format as a value; the engine decides on nothing else.
 *
 * @param carbon latest intensity per zone; empty when no carbon data is available
 * @param forecast future intensity per zone, each list in time order; may be empty
 * @param calibration points taken off the jobs of projects whose claims stand out; {@link
 *     Calibration#NONE} for none
 */
public record Snapshot(
    Instant now,
    List<Runner> runners,
    List<PendingJob> jobs,
    Map<String, CarbonReading> carbon,
    Map<String, List<CarbonReading>> forecast,
    Calibration calibration) {

  public Snapshot {
    runners = List.copyOf(runners);
    jobs = List.copyOf(jobs);
    carbon = Map.copyOf(carbon);
    forecast = Map.copyOf(forecast);
    java.util.Objects.requireNonNull(calibration, "calibration");
  }

  public Snapshot(
      Instant now,
      List<Runner> runners,
      List<PendingJob> jobs,
      Map<String, CarbonReading> carbon,
      Map<String, List<CarbonReading>> forecast) {
    this(now, runners, jobs, carbon, forecast, Calibration.NONE);
  }

  /** The same moment with {@code other} as the calibration. */
  public Snapshot withCalibration(Calibration other) {
    return new Snapshot(now, runners, jobs, carbon, forecast, other);
  }

  public Snapshot(Instant now, List<Runner> runners, List<PendingJob> jobs) {
    this(now, runners, jobs, Map.of(), Map.of());
  }
}
