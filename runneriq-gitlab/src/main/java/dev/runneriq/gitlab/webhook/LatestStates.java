package dev.runneriq.gitlab.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest state of each job (or pipeline) by id, by {@link StatusPrecedence}, holding at most
 * {@code capacity} ids: the least recently changed go first. Thread-safe, in stripes by id, so
 * concurrent deliveries of different jobs seldom wait for one another; past {@value
 * #STRIPE_CAPACITY} ids a stripe, the least recently changed of a stripe go first.
 */
final class LatestStates<T extends StatusUpdate> {
  /** The fewest ids a stripe holds, so a small capacity keeps its exact order. */
  static final int STRIPE_CAPACITY = 1024;

  private static final int MOST_STRIPES = 16;

  private final List<Stripe<T>> stripes;

  LatestStates(int capacity) {
    int n = 1;
    while (n < MOST_STRIPES && (long) capacity / (2L * n) >= STRIPE_CAPACITY) {
      n *= 2;
    }
    var s = new ArrayList<Stripe<T>>(n);
    for (int i = 0; i < n; i++) {
      s.add(new Stripe<>(capacity / n));
    }
    this.stripes = List.copyOf(s);
  }

  /** Keeps {@code update} if it is later than what is known; true when it was kept. */
  boolean apply(T update) {
    return stripe(update.id()).apply(update);
  }

  Optional<T> get(long id) {
    return stripe(id).get(id);
  }

  List<T> all() {
    var all = new ArrayList<T>();
    for (var s : stripes) {
      s.addTo(all);
    }
    return all;
  }

  int size() {
    int size = 0;
    for (var s : stripes) {
      size += s.size();
    }
    return size;
  }

  private Stripe<T> stripe(long id) {
    long h = id * 0x9E37_79B9_7F4A_7C15L; // ids come in runs: spread them over the stripes
    return stripes.get((int) (h >>> 32) & (stripes.size() - 1));
  }

  private static final class Stripe<T extends StatusUpdate> {
    private final Map<Long, T> states;

    Stripe(int capacity) {
      this.states = Bounded.map(capacity, "webhook.state_memory");
    }

    synchronized boolean apply(T update) {
      T current = states.get(update.id());
      if (current != null && !StatusPrecedence.supersedes(update, current)) {
        return false;
      }
      states.remove(update.id()); // re-insert, so eviction order follows the latest change
      states.put(update.id(), update);
      return true;
    }

    synchronized Optional<T> get(long id) {
      return Optional.ofNullable(states.get(id));
    }

    synchronized void addTo(List<T> all) {
      all.addAll(states.values());
    }

    synchronized int size() {
      return states.size();
    }
  }
}
