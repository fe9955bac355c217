package dev.runneriq.sim;

import java.time.Duration;
import java.util.Set;

/**
 * What the simulator's gate policies assume of gate mode (docs/SIMULATOR.md, "Gate mode"): which
 * jobs the CI template holds back and for how long, how many played jobs RunnerIQ keeps waiting in
 * GitLab, and how long a play takes to act.
 *
 * @param beyondFree k: per pool of runners (the jobs one set of runners may take), how many jobs
 *     RunnerIQ keeps played but still pending in GitLab beyond the pool's free slots (0 or more)
 * @param writeLatency from RunnerIQ's play to its effect in GitLab: a played job is pending this
 *     long after the call (GitLab's API answers in 1–15 s)
 * @param interactiveFloor the template's {@code start_in} for jobs of push, merge request and web
 *     pipelines
 * @param scheduledFloor the template's {@code start_in} for jobs of scheduled pipelines
 */
public record GateModel(
    int beyondFree, Duration writeLatency, Duration interactiveFloor, Duration scheduledFloor) {

  /** Pipeline sources whose jobs the template holds for {@link #interactiveFloor}. */
  public static final Set<String> INTERACTIVE_SOURCES =
      Set.of("push", "merge_request_event", "web");

  /** The pipeline source whose jobs the template holds for {@link #scheduledFloor}. */
  public static final String SCHEDULED_SOURCE = "schedule";

  /** k = 1, 5 s per write, the template's floors (10 and 30 minutes). */
  public static final GateModel DEFAULT =
      new GateModel(1, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(30));

  public GateModel {
    if (beyondFree < 0) {
      throw new IllegalArgumentException(
          "k, the played jobs kept beyond the free slots, must be at least 0, but was "
              + beyondFree);
    }
    if (writeLatency.isNegative()) {
      throw new IllegalArgumentException(
          "the write latency must not be negative, but was " + writeLatency);
    }
    if (!interactiveFloor.isPositive() || !scheduledFloor.isPositive()) {
      throw new IllegalArgumentException(
          "floors must be above 0, but were " + interactiveFloor + " and " + scheduledFloor);
    }
  }

  /** The same with another k. */
  public GateModel withBeyondFree(int k) {
    return new GateModel(k, writeLatency, interactiveFloor, scheduledFloor);
  }

  /** The same with another write latency. */
  public GateModel withWriteLatency(Duration latency) {
    return new GateModel(beyondFree, latency, interactiveFloor, scheduledFloor);
  }

  /**
   * The floor of a job of a pipeline of {@code source}, in ms, or -1 when the template holds
   * nothing back (other sources: api, trigger, parent pipelines).
   */
  long floorMs(String source) {
    if (INTERACTIVE_SOURCES.contains(source)) {
      return interactiveFloor.toMillis();
    }
    return SCHEDULED_SOURCE.equals(source) ? scheduledFloor.toMillis() : -1;
  }
}
