package dev.runneriq.gitlab.monitor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A count of changes webhooks signalled, and a way to wait for the next one. Thread-safe. */
final class ChangeSignal {
  private final Object lock = new Object();
  private long changes;

  void signal() {
    synchronized (lock) {
      changes++;
      lock.notifyAll();
    }
  }

  long changes() {
    synchronized (lock) {
      return changes;
    }
  }

  /** Waits until the count moves past {@code seen} or {@code timeout} passes; the count then. */
  long await(long seen, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (changes == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return changes;
    }
  }
}
