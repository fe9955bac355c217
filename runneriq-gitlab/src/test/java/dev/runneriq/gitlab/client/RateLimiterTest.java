package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final List<Duration> waits = new ArrayList<>();

  @Test
  void spacesBackToBackRequestsEvenly() throws InterruptedException {
    var limiter = new RateLimiter(4, nanos::get, waits::add);

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void anIdleClientDoesNotBuildUpABurst() throws InterruptedException {
    var limiter = new RateLimiter(4, nanos::get, waits::add);
    limiter.acquire();
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());

    limiter.acquire();
    limiter.acquire();

    assertThat(waits).containsExactly(Duration.ofMillis(250));
  }
}
