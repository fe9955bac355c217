package dev.runneriq.gitlab.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between the threads that receive webhooks and the handler: receivers do not wait for
 * a handler that is busy, every event reaches it in the order each receiver handed it, and a queue
 * that stays full drops (and counts) rather than holding a receiver for good.
 */
class HandOffTest {
  /** The fixture's Job Hook under another id, as the receiver reads it. */
  static JobEvent job(long id, String status) throws MalformedHookException {
    return HookParser.job(HookParser.root(Hooks.jobAt(id, status, null, null)));
  }

  @Test
  void receiversGoOnWhileTheHandlerIsBusyAndItSeesEveryEventInTheOrderHanded() throws Exception {
    var busy = new CountDownLatch(1);
    var seen = Collections.synchronizedList(new ArrayList<Long>());
    try (var handOff =
        new HandOff(
            (event, changed) -> {
              awaitQuietly(busy);
              seen.add(((JobEvent) event).id());
            },
            1024)) {
      var events = new ArrayList<JobEvent>();
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 100; i++) {
          events.add(job(t * 1000L + i, "pending"));
        }
      }
      var receivers = new ArrayList<Thread>();
      for (int t = 0; t < 4; t++) {
        long base = t * 1000L;
        receivers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 100; i++) {
                        handOff.onEvent(events.get((int) (base / 1000 * 100 + i)), true);
                      }
                    }));
      }
      for (var r : receivers) {
        r.join();
      }
      assertThat(handOff.told()).as("the handler is still busy with the first").isZero();
      busy.countDown();
      awaitTold(handOff, 400);
      assertThat(handOff.dropped()).isZero();
      var ids = List.copyOf(seen);
      assertThat(ids).hasSize(400).doesNotHaveDuplicates();
      for (int t = 0; t < 4; t++) {
        long base = t * 1000L;
        assertThat(ids.stream().filter(id -> id / 1000 == base / 1000).toList())
            .as("receiver %d's events in its order", t)
            .isSorted();
      }
    }
  }

  @Test
  void aQueueThatStaysFullDropsTheEventAndCountsIt() throws Exception {
    var stuck = new CountDownLatch(1);
    var first = new CountDownLatch(1);
    try (var handOff =
        new HandOff(
            (event, changed) -> {
              first.countDown();
              awaitQuietly(stuck);
            },
            1)) {
      handOff.onEvent(job(1, "pending"), true);
      assertThat(first.await(30, TimeUnit.SECONDS)).as("the handler took the first").isTrue();
      handOff.onEvent(job(2, "pending"), true); // waits in the queue
      handOff.onEvent(job(3, "pending"), true); // finds no room
      assertThat(handOff.dropped()).isEqualTo(1);
      stuck.countDown();
      awaitTold(handOff, 2);
      assertThat(handOff.told()).isEqualTo(2);
    }
  }

  /** Waits for the handler to have been told {@code n} events (a minute at most, not asserted). */
  private static void awaitTold(HandOff handOff, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (handOff.told() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
