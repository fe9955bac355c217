package dev.runneriq.core.gate;

import dev.runneriq.core.decision.Action;
import java.util.function.BooleanSupplier;

/**
 * Which held job RunnerIQ plays, taken highest priority first. RunnerIQ chooses only the order in
 * which GitLab sees jobs; GitLab's own dispatch places them, on whichever runner of the job's pool
 * (the runners that may take it) asks first. So a job is played when the engine assigned it a
 * runner, and a job the engine makes wait for a slot is played ahead of the slot only while few
 * played jobs of its pool already wait so: each of them takes the next slot GitLab frees in that
 * pool, ahead of anything RunnerIQ plays later, however urgent.
 *
 * @param beyondFree k: per pool, the played jobs kept pending beyond the pool's free slots (0 or 1
 *     is best when a play takes 1–15 s to act)
 */
public record ReleaseRule(int beyondFree) {
  /** What to do with one held job. */
  public enum Release {
    /** Play it: a slot is free for it. */
    PLAY,
    /** Play it ahead of a free slot, as one of its pool's k. */
    PLAY_BEYOND,
    /** Leave it held: its floor starts it if RunnerIQ does not play it before. */
    HOLD
  }

  public ReleaseRule {
    if (beyondFree < 0) {
      throw new IllegalArgumentException(
          "k, the played jobs kept beyond the free slots, must be at least 0, but was "
              + beyondFree);
    }
  }

  /**
   * The release of a held job.
   *
   * @param action the engine's decision for it, on the runners' load with the slots of jobs played
   *     but not yet started counted as taken
   * @param poolHasFree whether some runner of its pool has a slot free that no played job holds
   * @param playedBeyond its pool's played jobs now pending beyond the free slots
   * @param slotsKeptFromIt whether a runner of its pool keeps its last slots from it (a deploy
   *     runner's reservation): played ahead of a free slot, GitLab could give it such a slot; asked
   *     only when the rest would play it
   */
  public Release release(
      Action action, boolean poolHasFree, int playedBeyond, BooleanSupplier slotsKeptFromIt) {
    if (action == Action.ASSIGN) {
      return Release.PLAY;
    }
    boolean room =
        action == Action.WAIT
            && !poolHasFree
            && playedBeyond < beyondFree
            && !slotsKeptFromIt.getAsBoolean();
    return room ? Release.PLAY_BEYOND : Release.HOLD;
  }
}
