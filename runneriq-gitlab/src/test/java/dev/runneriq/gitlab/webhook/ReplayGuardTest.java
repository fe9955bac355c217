package dev.runneriq.gitlab.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  @Test
  void remembersTheLastKeysInTheOrderTheyCame() {
    var guard = new ReplayGuard(3);
    for (String key : new String[] {"a", "b", "c"}) {
      assertThat(guard.firstTime(key)).isTrue();
    }
    assertThat(guard.firstTime("a")).isFalse(); // a replay does not make a key newer
    assertThat(guard.firstTime("d")).isTrue();

    assertThat(guard.firstTime("a")).as("the eldest went for d").isTrue();
    assertThat(guard.firstTime("c")).isFalse();
    assertThat(guard.firstTime("d")).isFalse();
  }

  @Test
  void concurrentDeliveriesOfOneKeyAreFirstOnce() throws InterruptedException {
    var guard = new ReplayGuard(100_000);
    int threads = 8;
    int keys = 5_000;
    var firsts = new AtomicInteger();
    var start = new CountDownLatch(1);
    var workers = new ArrayList<Thread>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int k = 0; k < keys; k++) {
                      if (guard.firstTime("uuid:" + k)) {
                        firsts.incrementAndGet();
                      }
                    }
                  }));
    }
    start.countDown();
    for (var w : workers) {
      w.join();
    }

    assertThat(firsts.get()).isEqualTo(keys);
  }

  @Test
  void concurrentKeysPastCapacityKeepItsSize() throws InterruptedException {
    int capacity = 1_000;
    var guard = new ReplayGuard(capacity);
    var workers = new ArrayList<Thread>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int k = 0; k < 10_000; k++) {
                      guard.firstTime(thread + ":" + k);
                    }
                  }));
    }
    for (var w : workers) {
      w.join();
    }

    assertThat(guard.size()).as("each key past capacity forgot one").isEqualTo(capacity);
  }
}
