package dev.runneriq.sim;

import dev.runneriq.core.gate.UnscheduleRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Gate mode with GitLab's {@code jobUnschedule} ({@code runneriq-gate:unschedule=1}), as {@link
 * UnscheduleRule} decides it: shortly before the floor of a held job of the lowest tiers (the write
 * latency and 5 s before), while RunnerIQ is up and no runner of the job's pool has a free slot,
 * RunnerIQ turns the job manual. Writes act in the order RunnerIQ sent them, so the unschedule acts
 * before the floor ends. A manual job never starts by itself: RunnerIQ plays it in its order like
 * any held job, and at the latest once it has been manual for the ceiling; if RunnerIQ is down
 * then, it plays the job when it is back (the simulator looks again every minute).
 *
 * <p>Counted in the decisions: {@code unscheduled} (jobs turned manual), {@code
 * unscheduled_ceiling} (of those, played because they reached the ceiling) and {@code
 * unscheduled_worst_extra_s} (the longest an unscheduled job started after its floor ended).
 */
final class GateUnschedule {
  static final String UNSCHEDULED = "unscheduled";
  static final String AT_CEILING = "unscheduled_ceiling";
  static final String WORST_EXTRA = "unscheduled_worst_extra_s";

  /** How long before the floor the unschedule is to act. */
  static final long MARGIN_MS = 5_000;

  /**
   * While RunnerIQ is down, how often it is looked whether it is back, for jobs past the ceiling.
   */
  static final long RECHECK_MS = 60_000;

  // timers of GatePolicy's queue that are this class's
  static final int LOOK = 5;
  static final int ACTS = 6;
  static final int CEILING_ENDS = 7;

  private final GatePolicy gate;
  private final Simulation sim;
  private final World w;
  private final UnscheduleRule rule;
  private final LongPredicate acting;
  private final long sendBeforeFloorMs;
  private final long[] floorAt;
  private final boolean[] manual;
  private final List<Integer> overdue = new ArrayList<>();

  GateUnschedule(
      GatePolicy gate, Simulation sim, UnscheduleRule rule, long latencyMs, LongPredicate acting) {
    this.gate = gate;
    this.sim = sim;
    this.w = sim.world();
    this.rule = rule;
    this.acting = acting;
    this.sendBeforeFloorMs = latencyMs + MARGIN_MS;
    floorAt = new long[w.jobCount()];
    Arrays.fill(floorAt, -1);
    manual = new boolean[w.jobCount()];
    sim.decisions.putIfAbsent(UNSCHEDULED, 0L);
    sim.decisions.putIfAbsent(AT_CEILING, 0L);
    sim.decisions.putIfAbsent(WORST_EXTRA, 0L);
  }

  /** {@code job} is held until {@code floor}: a job of the tiers unscheduled is looked at then. */
  void held(int job, long now, long floor) {
    if (rule.appliesTo(w.tierOf(job))) {
      floorAt[job] = floor;
      gate.later(Math.max(now, floor - sendBeforeFloorMs), LOOK, job);
    }
  }

  /**
   * A timer of {@code kind} for {@code job} is due; returns whether it was this class's (a floor
   * ending for a manual job is: GitLab has no timer for a manual job).
   */
  boolean due(int kind, int job, long now) {
    if (kind == LOOK) {
      boolean poolHasFree = w.signatures.runners(w.signature[job]).intersects(sim.freeRunners());
      if (gate.held(job) && acting.test(now) && rule.unschedule(w.tierOf(job), poolHasFree)) {
        gate.write(ACTS, job, now);
      }
    } else if (kind == ACTS) {
      // a play sent after the unschedule acts after it too: it finds the job manual and plays it
      if (gate.held(job) || gate.playing(job)) {
        manual[job] = true;
        sim.decided(UNSCHEDULED);
        gate.later(now + rule.ceiling().toMillis(), CEILING_ENDS, job);
      }
    } else if (kind == CEILING_ENDS && gate.held(job)) {
      if (acting.test(now)) {
        overdue.add(job); // played in this dispatch
      } else {
        gate.later(now + RECHECK_MS, CEILING_ENDS, job); // and when RunnerIQ is back
      }
    } else {
      return kind == GatePolicy.FLOOR_ENDS && manual[job];
    }
    return true;
  }

  /** RunnerIQ, up, plays the manual jobs past their ceiling, whatever their pool's room. */
  void playOverdue(long now) {
    for (int j : overdue) {
      if (gate.held(j)) {
        sim.decided(AT_CEILING);
        gate.playAtOnce(j, now);
      }
    }
    overdue.clear();
  }

  /** Whether RunnerIQ turned {@code job} manual. */
  boolean manual(int job) {
    return manual[job];
  }

  /** {@code job}, played, started at {@code start}: the longest start after the floor is kept. */
  void started(int job, long start) {
    if (manual[job]) {
      long extraS = Math.max(0, start - floorAt[job]) / 1000;
      sim.decisions.merge(WORST_EXTRA, extraS, Math::max);
    }
  }
}
