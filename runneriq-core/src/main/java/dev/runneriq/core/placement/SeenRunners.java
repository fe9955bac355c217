package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The runners a {@link Placement} saw at its last call, and what changed since: a runner whose
 * running count alone changed is reported one by one, an equal copy of a runner not at all, any
 * other change means the fleet is taken in whole. On the {@link RunnerTable} seen last, only the
 * positions set since are compared; any other list is compared runner by runner. Not thread-safe.
 */
final class SeenRunners {
  /** Told of a runner whose running count changed; {@code freed} when it went down. */
  interface LoadChange {
    void changed(int index, Runner now, boolean freed);
  }

  private Runner[] seen = new Runner[0];
  private @Nullable RunnerTable table;
  private int version;

  /**
   * Takes in {@code runners}; false when they differ from those seen beyond running counts (or in
   * number), in which case nothing is reported and they are taken in whole.
   */
  boolean update(List<Runner> runners, LoadChange onLoad) {
    boolean same;
    if (runners == table) {
      same = true;
      for (int k = version; k < table.version() && same; k++) {
        int i = table.changedAt(k);
        same = take(i, table.get(i), onLoad);
      }
      version = table.version();
    } else {
      same = seen.length == runners.size();
      for (int i = 0; i < seen.length && same; i++) {
        same = take(i, runners.get(i), onLoad);
      }
      table = runners instanceof RunnerTable t ? t : null;
      version = table == null ? 0 : table.version();
    }
    if (!same) {
      seen = runners.toArray(Runner[]::new);
    }
    return same;
  }

  // The same instance is the hot path's shortcut; an equal copy goes on to the field comparison.
  @SuppressWarnings("ReferenceEquality")
  private boolean take(int i, Runner r, LoadChange onLoad) {
    Runner before = seen[i];
    if (r == before) {
      return true;
    }
    seen[i] = r;
    if (!before.differsOnlyInRunning(r)) {
      return false;
    }
    // an equal copy is no change: reported, every kept ranking would look at the runner again
    if (r.running() != before.running()) {
      onLoad.changed(i, r, r.running() < before.running());
    }
    return true;
  }
}
