package dev.runneriq.sim;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.Tier;
import java.util.Map;

/**
 * What one policy did with the trace (docs/formats/sim-result.md), plus the raw waits the report
 * draws.
 *
 * @param tiers wait statistics per tier (the job's base tier when it became pending)
 * @param tierFootprint energy and CO2 of the jobs of each tier
 * @param utilization busy slot-time over all slots for the makespan
 * @param peakHourUtilization the same over the busiest clock hour (UTC) of the run
 * @param leadInteractive lead times of pipelines someone waits for (push, merge request, web, API)
 * @param leadScheduled lead times of scheduled pipelines
 * @param wastedRunnerS runner time of runs cancelled before their end (preemption), seconds
 * @param noCarbonData jobs that ran on runners without carbon data, and their energy: not in {@code
 *     co2Kg}
 * @param waitsMs sorted waits in ms per tier, for charts
 * @param productionLeadMs sorted lead times of production pipelines, ms
 * @param runnerStarts per runner id, the runs started on it in each hour since the run's start
 * @param calibration the projects the policy damped at the end of the run (those that keep an eye
 *     on claims: {@code runneriq-learn})
 */
public record PolicyResult(
    String name,
    long jobsRun,
    Map<Tier, Stats> tiers,
    Stats all,
    Stats leadProduction,
    Stats leadAll,
    Stats leadInteractive,
    Stats leadScheduled,
    double energyKwh,
    double co2Kg,
    NoData noCarbonData,
    Map<Tier, Footprint> tierFootprint,
    double utilization,
    double peakHourUtilization,
    double makespanS,
    Map<String, Long> decisions,
    double wastedRunnerS,
    long wallMs,
    Map<Tier, long[]> waitsMs,
    long[] productionLeadMs,
    Timeline timeline,
    Map<Long, int[]> runnerStarts,
    Calibration calibration) {

  /** Jobs whose CO2 is unknown (their runner's zone has no carbon data), and their energy. */
  public record NoData(long jobs, double energyKwh) {}

  /** Energy (kWh) and emissions (kg CO2) of a group of jobs. */
  public record Footprint(double energyKwh, double co2Kg) {
    public static final Footprint ZERO = new Footprint(0, 0);
  }

  /** Energy and CO2 of one tier's jobs. */
  public Footprint footprint(Tier t) {
    return tierFootprint.getOrDefault(t, Footprint.ZERO);
  }

  /** Wait statistics of one tier (empty when no job of it ran). */
  public Stats tier(Tier t) {
    return tiers.getOrDefault(t, Stats.EMPTY);
  }

  /** Sorted waits (ms) of one tier. */
  public long[] waits(Tier t) {
    return waitsMs.getOrDefault(t, new long[0]);
  }
}
