package dev.runneriq.sim;

import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.gate.UnscheduleRule;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator's gate policies assume of gate mode (docs/SIMULATOR.md, "Gate mode"): which
 * jobs the CI template holds back and for how long, how many played jobs RunnerIQ keeps waiting in
 * GitLab, how long a write to GitLab takes to act, and whether RunnerIQ preempts.
 *
 * @param beyondFree k: per pool of runners (the jobs one set of runners may take), how many jobs
 *     RunnerIQ keeps played but still pending in GitLab beyond the pool's free slots (0 or more)
 * @param writeLatency from RunnerIQ's call (play, cancel, retry) to its effect in GitLab: a played
 *     job is pending this long after the call (GitLab's API answers in 1–15 s)
 * @param interactiveFloor the template's {@code start_in} for jobs of push, merge request and web
 *     pipelines
 * @param scheduledFloor the template's {@code start_in} for jobs of scheduled pipelines
 * @param preemption when RunnerIQ cancels a running job for a CRITICAL one, or null for never
 * @param unschedule which held jobs RunnerIQ turns manual before their floor while their pool is
 *     full, and for how long at most, or null for none
 * @param evict how many times at most RunnerIQ cancels and retries one job GitLab started on a
 *     runner that keeps its slots from it ({@link GateEviction}), 0 for never
 */
public record GateModel(
    int beyondFree,
    Duration writeLatency,
    Duration interactiveFloor,
    Duration scheduledFloor,
    @Nullable PreemptRule preemption,
    @Nullable UnscheduleRule unschedule,
    int evict) {

  /** Pipeline sources whose jobs the template holds for {@link #interactiveFloor}. */
  public static final Set<String> INTERACTIVE_SOURCES =
      Set.of("push", "merge_request_event", "web");

  /** The pipeline source whose jobs the template holds for {@link #scheduledFloor}. */
  public static final String SCHEDULED_SOURCE = "schedule";

  /**
   * k = 1, 5 s per write, the template's floors (10 and 30 minutes), no preemption, nothing
   * unscheduled, nothing evicted.
   */
  public static final GateModel DEFAULT =
      new GateModel(
          1, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(30), null, null);

  /** The same without eviction. */
  public GateModel(
      int beyondFree,
      Duration writeLatency,
      Duration interactiveFloor,
      Duration scheduledFloor,
      @Nullable PreemptRule preemption,
      @Nullable UnscheduleRule unschedule) {
    this(beyondFree, writeLatency, interactiveFloor, scheduledFloor, preemption, unschedule, 0);
  }

  /**
   * {@code runneriq-gate-preempt}'s: {@link #DEFAULT} with k = 0 and {@link PreemptRule#DEFAULT}.
   * With preemption, k = 0 cut CRITICAL waits on the busy and the heavy day alike (p95 and p99,
   * seeds 42, 7 and 1 to 4; docs/SIMULATOR.md): a job played ahead of a free slot takes the slot a
   * cancel frees, before the CRITICAL job played for it, whenever GitLab's order puts it first.
   */
  public static final GateModel PREEMPTING =
      DEFAULT.withBeyondFree(0).withPreemption(PreemptRule.DEFAULT);

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
    if (evict < 0) {
      throw new IllegalArgumentException("evictions per job must be at least 0, but was " + evict);
    }
  }

  /** The same with another k. */
  public GateModel withBeyondFree(int k) {
    return new GateModel(
        k, writeLatency, interactiveFloor, scheduledFloor, preemption, unschedule, evict);
  }

  /** The same with another write latency. */
  public GateModel withWriteLatency(Duration latency) {
    return new GateModel(
        beyondFree, latency, interactiveFloor, scheduledFloor, preemption, unschedule, evict);
  }

  /** The same with preemption (or none for null). */
  public GateModel withPreemption(@Nullable PreemptRule p) {
    return new GateModel(
        beyondFree, writeLatency, interactiveFloor, scheduledFloor, p, unschedule, evict);
  }

  /** The same with jobs unscheduled before their floor (or none for null). */
  public GateModel withUnschedule(@Nullable UnscheduleRule u) {
    return new GateModel(
        beyondFree, writeLatency, interactiveFloor, scheduledFloor, preemption, u, evict);
  }

  /** The same with jobs evicted off runners kept from them at most {@code perJob} times. */
  public GateModel withEvict(int perJob) {
    return new GateModel(
        beyondFree, writeLatency, interactiveFloor, scheduledFloor, preemption, unschedule, perJob);
  }

  /**
   * The same with one option changed, written {@code k=0}, {@code latency=5} (seconds), and with
   * preemption {@code after=180} (seconds) or {@code per-hour=6}; {@code unschedule=1} (the lowest
   * tier; 2 for the two lowest, 0 for none) and {@code ceiling=1800} (seconds, with unschedule);
   * {@code evict=10} (evictions per job, 0 for none).
   */
  public GateModel with(String option) {
    int eq = option.indexOf('=');
    String key = eq < 0 ? option : option.substring(0, eq);
    long value;
    try {
      value = Long.parseLong(option.substring(eq + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "gate option " + key + " must be a whole number, but was '" + option + "'", e);
    }
    var p = preemption;
    var u = unschedule;
    return switch (key) {
      case "k" -> withBeyondFree(Math.toIntExact(value));
      case "unschedule" ->
          withUnschedule(
              value == 0
                  ? null
                  : new UnscheduleRule(
                      Math.toIntExact(value),
                      u == null ? UnscheduleRule.DEFAULT.ceiling() : u.ceiling()));
      case "ceiling" -> {
        if (u == null) {
          throw new IllegalArgumentException(
              "gate option ceiling is for a gate that unschedules (put unschedule=1 before it),"
                  + " but was '"
                  + option
                  + "'");
        }
        yield withUnschedule(new UnscheduleRule(u.tiers(), Duration.ofSeconds(value)));
      }
      case "latency" -> withWriteLatency(Duration.ofSeconds(value));
      case "evict" -> withEvict(Math.toIntExact(value));
      case "after", "per-hour" -> {
        if (p == null) {
          throw new IllegalArgumentException(
              "gate option " + key + " is for a policy that preempts, but was '" + option + "'");
        }
        yield withPreemption(
            key.equals("after")
                ? new PreemptRule(Duration.ofSeconds(value), p.perHour())
                : new PreemptRule(p.after(), Math.toIntExact(value)));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown gate option '"
                  + option
                  + "'; options: k, latency, after, per-hour, unschedule, ceiling, evict");
    };
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
