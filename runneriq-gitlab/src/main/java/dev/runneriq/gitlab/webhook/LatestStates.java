package dev.runneriq.gitlab.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest state of each job (or pipeline) by id, by {@link StatusPrecedence}, holding at most
 * {@code capacity} ids: the least recently changed go first. Thread-safe.
 */
final class LatestStates<T extends StatusUpdate> {
  private final Map<Long, T> states;

  LatestStates(int capacity) {
    this.states = Bounded.map(capacity, false, "webhook.state_memory");
  }

  /** Keeps {@code update} if it is later than what is known; true when it was kept. */
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

  synchronized List<T> all() {
    return new ArrayList<>(states.values());
  }

  synchronized int size() {
    return states.size();
  }
}
