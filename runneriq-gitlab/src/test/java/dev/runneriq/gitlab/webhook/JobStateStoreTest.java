package dev.runneriq.gitlab.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobStateStoreTest {
  static JobEvent job(long id, String status, @Nullable String finished) {
    Instant at = finished == null ? null : Instant.parse(finished);
    return new JobEvent(
        id,
        "rspec",
        "test",
        status,
        1,
        2,
        "group/app",
        "main",
        "main",
        false,
        Instant.parse("2026-05-13T10:00:00Z"),
        null,
        at,
        null,
        null,
        List.of(),
        null,
        null,
        "alice",
        null,
        null);
  }

  @ParameterizedTest(name = "{0} then {1} keeps {2}")
  @CsvSource({
    "pending, running, running",
    "running, pending, running",
    "created, pending, pending",
    "success, running, success",
    "failed, created, failed",
    "canceling, canceled, canceled",
    "canceled, canceling, canceled",
    "waiting_for_resource, pending, pending",
    "pending, some_future_status, pending",
    "some_future_status, running, running",
  })
  void theLaterStatusWinsWhicheverArrivesFirst(String first, String second, String kept) {
    var store = new JobStateStore();
    store.apply(job(1, first, null));
    store.apply(job(1, second, null));

    assertThat(store.job(1)).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(kept));
  }

  @Test
  void betweenEqualRanksTheLaterTimestampWins() {
    var store = new JobStateStore();
    var canceledLater = job(1, "canceled", "2026-05-13T10:05:00Z");
    var failedEarlier = job(1, "failed", "2026-05-13T10:04:00Z");

    assertThat(store.apply(canceledLater)).isTrue();
    assertThat(store.apply(failedEarlier)).isFalse();
    assertThat(store.job(1)).contains(canceledLater);
    assertThat(store.apply(canceledLater)).isFalse();
  }

  @Test
  void forgetsTheLeastRecentlyChangedPastCapacity() {
    var store = new JobStateStore(2);
    store.apply(job(1, "pending", null));
    store.apply(job(2, "pending", null));
    store.apply(job(1, "running", null));
    store.apply(job(3, "pending", null));

    assertThat(store.job(2)).isEmpty();
    assertThat(store.job(1)).isPresent();
    assertThat(store.jobCount()).isEqualTo(2);
  }

  @Test
  void aLargeStoreKeepsEachStripeToItsShareAndForgetsTheLeastRecentlyChanged() {
    int capacity = 16 * LatestStates.STRIPE_CAPACITY;
    var store = new JobStateStore(capacity);
    for (long id = 1; id <= 2L * capacity; id++) {
      store.apply(job(id, "pending", null));
    }
    for (long id = 1; id <= capacity / 2; id++) {
      store.apply(job(id, "running", null)); // the eldest half changed again: newest now
    }
    for (long id = 2L * capacity + 1; id <= 2L * capacity + capacity / 2; id++) {
      store.apply(job(id, "pending", null));
    }

    assertThat(store.jobCount()).isLessThanOrEqualTo(capacity).isGreaterThan(capacity * 9 / 10);
    long changedAgain =
        java.util.stream.LongStream.rangeClosed(1, capacity / 2)
            .filter(id -> store.job(id).isPresent())
            .count();
    long neverChanged =
        java.util.stream.LongStream.rangeClosed(capacity / 2 + 1, 2L * capacity)
            .filter(id -> store.job(id).isPresent())
            .count();
    assertThat(changedAgain).as("changed late, so kept").isGreaterThan(capacity * 4 / 10);
    assertThat(neverChanged).as("changed early, so forgotten").isLessThan(capacity / 10);
    assertThat(store.job(2L * capacity + capacity / 2)).isPresent();
  }
}
