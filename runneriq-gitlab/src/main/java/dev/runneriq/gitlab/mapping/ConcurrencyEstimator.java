package dev.runneriq.gitlab.mapping;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Infers a runner's concurrency as the most jobs seen running on it at once. It can only
 * underestimate: a runner never seen full shows less than its {@code concurrent} setting.
 * Thread-safe.
 */
public final class ConcurrencyEstimator {
  private final ConcurrentHashMap<Long, Integer> most = new ConcurrentHashMap<>();

  /** Records that {@code running} jobs were seen on the runner at one moment. */
  public void observe(long runnerId, int running) {
    if (running > 0) {
      most.merge(runnerId, running, Math::max);
    }
  }

  /** The most seen at once, or empty when it was never seen busy. */
  public OptionalInt estimate(long runnerId) {
    Integer n = most.get(runnerId);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }
}
