package dev.runneriq.app.serve;

import dev.runneriq.store.AsyncAuditLog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The audit log's retention: decisions older than {@code store.retention_days} removed hourly. */
final class Retention {
  private Retention() {}

  /**
   * Every hour (the first time after {@code first}), asks the audit log to remove what is older
   * than {@code retention} by {@code clock}; none when retention is zero (keep everything).
   */
  // The task only enqueues a request and cannot throw, so its Future has nothing to tell; the
  // executor returned is what the caller stops.
  @SuppressWarnings("FutureReturnValueIgnored")
  static @Nullable ScheduledExecutorService pruner(
      AsyncAuditLog audit, InstantSource clock, Duration retention, Duration first) {
    if (retention.isZero()) {
      return null;
    }
    var pruner =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("runneriq-audit-retention").factory());
    pruner.scheduleAtFixedRate(
        () -> audit.prune(clock.instant().minus(retention)),
        first.toMillis(),
        Duration.ofHours(1).toMillis(),
        TimeUnit.MILLISECONDS);
    return pruner;
  }
}
