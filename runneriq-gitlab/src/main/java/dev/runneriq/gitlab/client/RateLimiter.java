package dev.runneriq.gitlab.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spreads requests evenly at most {@code perSecond} apart. Each caller reserves the next free slot
 * under a lock and waits for it outside the lock, so concurrent callers queue fairly.
 */
final class RateLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextFree;
  private boolean started;

  RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Waits until this caller's slot. */
  void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long slot = !started || now - nextFree > 0 ? now : nextFree;
      started = true;
      nextFree = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }
}
