package dev.runneriq.core.gate;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When gate mode cancels a running job to make room for a CRITICAL one, and which job it may
 * cancel; shared by the service and the simulator's {@code runneriq-gate-preempt}. GitLab has no
 * preemption: RunnerIQ cancels the victim ({@code POST …/jobs/:id/cancel}) and retries it at once
 * ({@code …/retry}, a new job, pending), and GitLab gives the freed slot to a pending job. The run
 * the victim had made is lost: that is the price, so the rule is narrow.
 *
 * <ul>
 *   <li>Only for a CRITICAL job (its base tier) that has waited {@code after} while no runner that
 *       may take it has a free slot.
 *   <li>Only a job whose base tier is LOW or MEDIUM and that deploys nowhere (no environment, a
 *       stage other than {@code deploy}) may be cancelled; of those, the lowest tier, and of one
 *       tier the one that started last (the least run lost).
 *   <li>At most {@code perHour} cancellations in any hour.
 * </ul>
 *
 * @param after how long a CRITICAL job waits with its pool full before RunnerIQ preempts for it
 * @param perHour the most cancellations sent in any hour
 */
public record PreemptRule(Duration after, int perHour) {
  /** 3 minutes, 6 per hour. */
  public static final PreemptRule DEFAULT = new PreemptRule(Duration.ofMinutes(3), 6);

  /** The window {@link #perHour} counts in. */
  public static final Duration HOUR = Duration.ofHours(1);

  public PreemptRule {
    if (after.isNegative()) {
      throw new IllegalArgumentException(
          "the wait before preempting must not be negative, but was " + after);
    }
    if (perHour < 0) {
      throw new IllegalArgumentException(
          "preemptions per hour must be at least 0, but was " + perHour);
    }
  }

  /**
   * Whether RunnerIQ preempts for a job now.
   *
   * @param baseTier the job's base tier
   * @param waitedMs how long it has waited, ready (held or pending), in ms
   * @param poolHasFree whether a runner that may take it has a free slot (then it is placed soon);
   *     asked last, only for a CRITICAL job that has waited long enough
   */
  public boolean due(Tier baseTier, long waitedMs, BooleanSupplier poolHasFree) {
    return baseTier == Tier.CRITICAL && waitedMs >= after.toMillis() && !poolHasFree.getAsBoolean();
  }

  /** Whether one more cancellation may go, {@code sentLastHour} having gone in the past hour. */
  public boolean allows(int sentLastHour) {
    return sentLastHour < perHour;
  }

  /**
   * Whether a running job may be cancelled at all: LOW or MEDIUM by its base tier, and no deploy.
   */
  public static boolean cancellable(Tier baseTier, PendingJob job) {
    return (baseTier == Tier.LOW || baseTier == Tier.MEDIUM)
        && job.environment() == null
        && !job.stage().equals("deploy");
  }

  /**
   * Whether running job a is a better victim than b: a lower base tier, or of one tier the later
   * start (less run lost). Tiers are given as {@link Tier#ordinal()}, start times in ms.
   */
  public static boolean before(int tierA, long startedA, int tierB, long startedB) {
    return tierA != tierB ? tierA > tierB : startedA > startedB;
  }
}
