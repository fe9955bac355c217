package dev.runneriq.core.gate;

import dev.runneriq.core.model.Tier;
import java.time.Duration;

/**
 * Which held job RunnerIQ turns manual shortly before its floor, with GitLab's GraphQL {@code
 * jobUnschedule} ({@code scheduled} to {@code manual}), so that the floor does not hand it to
 * GitLab's order, where it would go ahead of younger, more urgent jobs. A manual job never starts
 * by itself: RunnerIQ plays it like any held job, and at the latest when it has been manual for the
 * ceiling. Only while RunnerIQ is up does it unschedule anything; a job it unscheduled stays manual
 * while RunnerIQ is down, which is the price of this rule, so it is bounded to the lowest tiers.
 *
 * @param tiers how many of the lowest base tiers may be unscheduled: 1 for LOW, 2 for MEDIUM and
 *     LOW, 3 for HIGH, MEDIUM and LOW (CRITICAL never)
 * @param ceiling the longest a job stays manual before RunnerIQ plays it, whatever its pool's room
 */
public record UnscheduleRule(int tiers, Duration ceiling) {
  /** LOW jobs only, at most 30 minutes manual. */
  public static final UnscheduleRule DEFAULT = new UnscheduleRule(1, Duration.ofMinutes(30));

  public UnscheduleRule {
    if (tiers < 1 || tiers > 3) {
      throw new IllegalArgumentException(
          "unschedule takes the 1 to 3 lowest tiers (1: LOW, 2: MEDIUM and LOW), but was " + tiers);
    }
    if (!ceiling.isPositive()) {
      throw new IllegalArgumentException(
          "the ceiling of an unscheduled job's wait must be above 0, but was " + ceiling);
    }
  }

  /** Whether jobs of base tier {@code tier} may be unscheduled at all. */
  public boolean appliesTo(Tier tier) {
    return tier.ordinal() >= Tier.values().length - tiers;
  }

  /**
   * Whether RunnerIQ, up and reaching GitLab, unschedules a held job whose floor is about to end.
   *
   * @param tier the job's base tier
   * @param poolHasFree whether some runner of its pool (the runners that may take it) has a slot
   *     free: then the job is played soon anyway, and its floor starting it costs nothing
   */
  public boolean unschedule(Tier tier, boolean poolHasFree) {
    return appliesTo(tier) && !poolHasFree;
  }
}
