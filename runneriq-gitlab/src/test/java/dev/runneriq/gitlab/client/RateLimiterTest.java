package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final List<Duration> waits = new ArrayList<>();

  /** A clock that moves only when someone sleeps. */
  final Sleeper advancing =
      d -> {
        waits.add(d);
        nanos.addAndGet(d.toNanos());
      };

  @Test
  void spacesBackToBackRequestsEvenly() throws InterruptedException {
    var limiter = new RateLimiter(4, nanos::get, advancing);
    var granted = new ArrayList<Long>();

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
      granted.add(nanos.get());
    }

    assertThat(granted).containsExactly(1_000_000_000L, 1_250_000_000L, 1_500_000_000L);
  }

  @Test
  void anIdleClientDoesNotBuildUpABurst() throws InterruptedException {
    var limiter = new RateLimiter(4, nanos::get, advancing);
    limiter.acquire();
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());

    limiter.acquire();
    limiter.acquire();

    assertThat(waits).containsExactly(Duration.ofMillis(250));
  }

  /**
   * Four ordinary callers queue, then four urgent ones arrive: the urgent go first, but after
   * {@link RateLimiter#URGENT_STREAK} of them an ordinary caller gets its slot.
   */
  @Test
  void urgentCallersGoFirstWithoutStarvingTheOthers() throws Exception {
    var limiter = new RateLimiter(5, System::nanoTime, Sleeper.REAL);
    var order = Collections.synchronizedList(new ArrayList<String>());
    limiter.acquire(); // the next slot is now 200 ms away: everyone below queues for it
    var threads = new ArrayList<Thread>();
    var queued = new CountDownLatch(8);
    for (int i = 0; i < 8; i++) {
      String name = (i < 4 ? "ordinary-" : "urgent-") + i;
      boolean isUrgent = i >= 4;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      queued.countDown();
                      if (isUrgent) {
                        Thread.sleep(5);
                        RateLimiter.urgently(
                            () -> {
                              acquire(limiter);
                              return null;
                            });
                      } else {
                        acquire(limiter);
                      }
                      order.add(name.substring(0, name.indexOf('-')));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (var t : threads) {
      t.join(10_000);
    }

    assertThat(order).hasSize(8);
    // one ordinary caller may already hold the slot that was one interval away
    int firstUrgent = order.indexOf("urgent");
    assertThat(firstUrgent).isLessThanOrEqualTo(1);
    assertThat(order.subList(firstUrgent, firstUrgent + RateLimiter.URGENT_STREAK))
        .containsOnly("urgent");
    assertThat(order.get(firstUrgent + RateLimiter.URGENT_STREAK)).isEqualTo("ordinary");
  }

  private static void acquire(RateLimiter limiter) {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
