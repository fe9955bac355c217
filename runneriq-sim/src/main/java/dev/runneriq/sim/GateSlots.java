package dev.runneriq.sim;

import dev.runneriq.core.placement.RunnerTable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntConsumer;

/**
 * What gate mode has promised to the jobs RunnerIQ played that have not started yet: per runner,
 * the slots the engine gave them; per pool (the runners one signature's jobs may take), the played
 * jobs waiting in GitLab beyond its free slots. A promise ends when its job starts, wherever GitLab
 * started it.
 */
final class GateSlots {
  /** A played job's mark: played beyond its pool's free slots. */
  static final int BEYOND = -1;

  /** A played job's mark: played outside the pool's room (for a preemption). */
  static final int PREEMPTING = -2;

  private final Simulation sim;
  private final World w;

  /** Per played job not yet started: the runner whose slot the engine gave it, or its mark. */
  private final int[] holdOn;

  private final int[] holds;
  private final int[] beyond;
  private int[] playing = new int[16];
  private int playingCount;

  /** Runners with a slot free that no played job holds. */
  private final BitSet open;

  GateSlots(Simulation sim) {
    this.sim = sim;
    this.w = sim.world();
    holdOn = new int[w.jobCount()];
    holds = new int[w.runners.length];
    beyond = new int[w.signatures.count()];
    open = new BitSet(w.runners.length);
  }

  /**
   * {@code job} waits in GitLab for a slot: {@code hold}, the runner whose slot the engine gave it,
   * or {@link #BEYOND} (it counts among its pool's jobs beyond the free slots) or {@link
   * #PREEMPTING}.
   */
  void promise(int job, int hold) {
    if (hold >= 0) {
      holds[hold]++;
      refreshOpen(hold);
    } else if (hold == BEYOND) {
      beyond[w.signature[job]]++;
    }
    holdOn[job] = hold;
    if (playingCount == playing.length) {
      playing = Arrays.copyOf(playing, playingCount * 2);
    }
    playing[playingCount++] = job;
  }

  /** Promises to played jobs that started end; {@code started} hears of each such job. */
  void forgetStarted(IntConsumer started) {
    for (int i = playingCount - 1; i >= 0; i--) {
      int j = playing[i];
      if (sim.startAt[j] >= 0 || sim.endAt[j] >= 0) { // started, or cancelled
        started.accept(j);
        playing[i] = playing[--playingCount];
        if (holdOn[j] >= 0) {
          holds[holdOn[j]]--;
        } else if (holdOn[j] == BEYOND) {
          beyond[w.signature[j]]--;
        }
      }
    }
  }

  /** The engine's table: each runner's running jobs plus the slots held for played jobs. */
  void syncTable(RunnerTable table) {
    for (int r = 0; r < w.runners.length; r++) {
      int load = sim.running(r) + holds[r];
      var known = table.get(r);
      if (known.running() != load) {
        table.set(r, known.withRunning(load));
      }
      refreshOpen(r);
    }
  }

  private void refreshOpen(int r) {
    open.set(r, sim.freeRunners().get(r) && sim.running(r) + holds[r] < w.runners[r].concurrency());
  }

  /** Whether a runner of pool {@code s} has a slot free that no played job holds. */
  boolean poolHasFree(int s) {
    return w.signatures.runners(s).intersects(open);
  }

  /** The pool's played jobs still pending beyond its free slots, now. */
  int beyond(int s) {
    return beyond[s];
  }
}
