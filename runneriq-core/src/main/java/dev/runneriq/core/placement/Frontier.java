package dev.runneriq.core.placement;

import java.util.Arrays;

/**
 * A {@link Ranking}'s best feasible runners by total, in rank order (total desc, then runner id),
 * above a <em>threshold</em>: every other feasible runner ranks no better than the best of them
 * left out. A runner whose load goes up only loses free capacity, so its total does not rise; one
 * that falls to the threshold leaves the frontier and may become it. Not thread-safe.
 */
final class Frontier {
  private final Placement placement;
  private final long[] in;
  private int[] members;
  private double[] totals;
  private int size;
  private int want;
  private boolean bounded;
  private double thresholdTotal;
  private int thresholdAt;

  /**
   * @param words the words of a set of runner positions
   * @param want runners the frontier holds when first built
   */
  Frontier(Placement placement, int words, int want) {
    this.placement = placement;
    this.in = new long[words];
    this.want = want;
    this.members = new int[want];
    this.totals = new double[want];
  }

  /** Empty, to be filled with {@link #offer} (and four times as large when {@code grow}). */
  void clear(boolean grow) {
    want *= grow ? 4 : 1;
    size = 0;
    bounded = false;
    Arrays.fill(in, 0);
    if (members.length < want) {
      members = Arrays.copyOf(members, want);
      totals = Arrays.copyOf(totals, want);
    }
  }

  /** While filling: runner {@code i} with {@code total} joins if it is among the best so far. */
  void offer(int i, double total) {
    if (size == want) {
      int last = members[size - 1];
      if (!better(total, i, totals[size - 1], last)) {
        lower(total, i);
        return;
      }
      lower(totals[size - 1], last);
      Bits.clear(in, last);
      size--;
    }
    insert(i, total);
  }

  /** A feasible runner's new total: it moves in the frontier, joins it, or leaves it. */
  void update(int i, double total) {
    if (Bits.has(in, i)) {
      remove(i);
      if (bounded && !better(total, i, thresholdTotal, thresholdAt)) {
        lower(total, i);
        return;
      }
      insert(i, total);
    } else if (!bounded || better(total, i, thresholdTotal, thresholdAt)) {
      insert(i, total);
    }
  }

  /** A runner no longer feasible. */
  void drop(int i) {
    if (Bits.has(in, i)) {
      remove(i);
    }
  }

  int size() {
    return size;
  }

  int member(int m) {
    return members[m];
  }

  double total(int m) {
    return totals[m];
  }

  /** Whether feasible runners rank below the frontier, left out of it. */
  boolean bounded() {
    return bounded;
  }

  /** A runner not in the frontier: the threshold becomes it if it ranks better. */
  private void lower(double total, int i) {
    if (!bounded || better(total, i, thresholdTotal, thresholdAt)) {
      bounded = true;
      thresholdTotal = total;
      thresholdAt = i;
    }
  }

  private void insert(int i, double total) {
    if (size == members.length) {
      members = Arrays.copyOf(members, size * 2);
      totals = Arrays.copyOf(totals, size * 2);
    }
    // the members are in rank order: the first it ranks better than is where it goes
    int pos = 0;
    for (int hi = size; pos < hi; ) {
      int mid = (pos + hi) >>> 1;
      if (better(total, i, totals[mid], members[mid])) {
        hi = mid;
      } else {
        pos = mid + 1;
      }
    }
    System.arraycopy(members, pos, members, pos + 1, size - pos);
    System.arraycopy(totals, pos, totals, pos + 1, size - pos);
    members[pos] = i;
    totals[pos] = total;
    size++;
    Bits.set(in, i);
  }

  private void remove(int i) {
    int pos = 0;
    while (members[pos] != i) {
      pos++;
    }
    System.arraycopy(members, pos + 1, members, pos, size - pos - 1);
    System.arraycopy(totals, pos + 1, totals, pos, size - pos - 1);
    size--;
    Bits.clear(in, i);
  }

  /** Ranks better: a higher total, or the same with a lower runner id. */
  private boolean better(double total, int i, double otherTotal, int other) {
    return total > otherTotal || (total == otherTotal && placement.id(i) < placement.id(other));
  }
}
