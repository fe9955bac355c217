package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The runners of one cycle as a list that remembers which positions were set, so that a {@link
 * Placement} placing job after job on it looks only at the runners that changed since its last call
 * instead of comparing the whole fleet each time. Any other list works too, at the cost of that
 * comparison. Not thread-safe.
 */
public final class RunnerTable extends AbstractList<Runner> implements RandomAccess {
  private final Runner[] runners;
  private int[] changes = new int[16];
  private int version;

  public RunnerTable(List<Runner> runners) {
    this.runners = runners.toArray(Runner[]::new);
  }

  @Override
  public Runner get(int index) {
    return runners[index];
  }

  @Override
  public int size() {
    return runners.length;
  }

  @Override
  public Runner set(int index, Runner runner) {
    Runner old = runners[index];
    runners[index] = runner;
    if (version == changes.length) {
      changes = Arrays.copyOf(changes, version * 2);
    }
    changes[version++] = index;
    return old;
  }

  /** How many times a position was set so far. */
  int version() {
    return version;
  }

  /** The position set at {@code k}, counting from 0, for {@code k} below {@link #version()}. */
  int changedAt(int k) {
    return changes[k];
  }
}
