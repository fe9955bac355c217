package dev.runneriq.gitlab.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Spreads requests evenly at most {@code perSecond} apart, in two lanes: urgent requests (reading a
 * job a webhook just showed pending, whose advice someone waits for) go before the others, which
 * still get every {@link #URGENT_STREAK}+1th slot however many urgent ones wait. Within a lane,
 * callers go in arrival order. A caller reserves its slot once it is at most one interval away and
 * waits for it outside the lock, so an urgent caller waits at most one interval for a slot another
 * caller already holds.
 *
 * <p>This limiter is our own, while retries are resilience4j's ({@link GitLabRetry}):
 * resilience4j's {@code RateLimiter} hands out permits per refresh period to whoever asks first,
 * with no lanes and no order among waiting callers, so it cannot put a webhook's reads ahead of the
 * poll nor keep one slot in four for the poll. Those two rules are what keeps advice a few seconds
 * behind a webhook while the poll still makes progress.
 */
final class RateLimiter {
  /** Urgent grants in a row before a waiting ordinary caller gets one. */
  static final int URGENT_STREAK = 3;

  private static final long QUEUE_WAIT_NANOS = 2_000_000L;
  private static final ThreadLocal<Boolean> URGENT = ThreadLocal.withInitial(() -> false);

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ArrayDeque<Object> urgent = new ArrayDeque<>();
  private final ArrayDeque<Object> ordinary = new ArrayDeque<>();
  private long nextFree;
  private boolean started;
  private int streak;

  RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Runs {@code work} with the requests it makes on this thread in the urgent lane. */
  static <T> T urgently(Supplier<T> work) {
    boolean was = URGENT.get();
    URGENT.set(true);
    try {
      return work.get();
    } finally {
      URGENT.set(was);
    }
  }

  /** Waits until this caller's slot. */
  void acquire() throws InterruptedException {
    var me = new Object();
    var lane = URGENT.get() ? urgent : ordinary;
    synchronized (this) {
      lane.addLast(me);
    }
    boolean reserved = false;
    try {
      while (true) {
        long wait;
        synchronized (this) {
          long now = nanoTime.getAsLong();
          long slot = !started || now - nextFree > 0 ? now : nextFree;
          if (turn() == me && slot - now <= intervalNanos) {
            started = true;
            nextFree = slot + intervalNanos;
            lane.removeFirst();
            reserved = true;
            streak = lane == urgent ? streak + 1 : 0;
            wait = slot - now;
          } else {
            wait = Math.max(QUEUE_WAIT_NANOS, slot - intervalNanos - now);
          }
        }
        if (wait > 0) {
          sleeper.sleep(Duration.ofNanos(wait));
        }
        if (reserved) {
          return;
        }
      }
    } finally {
      if (!reserved) {
        synchronized (this) {
          lane.remove(me);
        }
      }
    }
  }

  /** Whose turn the next slot is. */
  private Object turn() {
    if (!urgent.isEmpty() && (streak < URGENT_STREAK || ordinary.isEmpty())) {
      return urgent.peekFirst();
    }
    return ordinary.peekFirst();
  }
}
