package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SQLite audit log whose folder is moved away while the service runs (what a full disk, a
 * read-only mount or a lost volume look like to the writer: the file cannot be opened), then put
 * back. Running as root, the tests cannot make the file read-only with chmod: root writes anyway.
 */
class AuditLogOutageTest {
  @TempDir Path dir;

  private final Logger jul = Logger.getLogger(AsyncAuditLog.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureTheLog() {
    jul.addHandler(capture);
  }

  @AfterEach
  void release() {
    jul.removeHandler(capture);
  }

  private Path folder() {
    return dir.resolve("data");
  }

  private AuditStore open() throws Exception {
    Files.createDirectories(folder());
    return AuditStore.open(StoreConfig.sqlite(folder().resolve("audit.db")));
  }

  private void takeAway() throws Exception {
    Files.move(folder(), dir.resolve("data-away"));
  }

  private void putBack() throws Exception {
    Files.move(dir.resolve("data-away"), folder());
  }

  private List<String> messages(Level level) {
    return logged.stream()
        .filter(r -> level.equals(r.getLevel()))
        .map(LogRecord::getMessage)
        .toList();
  }

  static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void theFirstFailureAndTheRecoveryAreLoggedOnceEach() throws Exception {
    var store = open();
    try (var log = new AsyncAuditLog(store, 64)) {
      Decisions.cycle(10, 1, Decisions.NOW).forEach(log::onDecision);
      assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

      takeAway();
      for (int cycle = 2; cycle <= 4; cycle++) {
        Decisions.cycle(10, cycle, Decisions.NOW.plusSeconds(cycle)).forEach(log::onDecision);
      }
      waitFor(() -> log.failures() >= 3, Duration.ofSeconds(10));
      assertThat(messages(Level.WARNING))
          .singleElement()
          .asString()
          .startsWith("audit log: writes failing: audit log at jdbc:sqlite:")
          .containsPattern("; \\d+ decisions and outcomes wait in memory");

      putBack();
      assertThat(log.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(messages(Level.INFO))
          .filteredOn(m -> m.contains("recovered"))
          .singleElement()
          .asString()
          .startsWith("audit log: writes recovered after ");
      assertThat(messages(Level.WARNING)).hasSize(1);
    }
    assertThat(store.count()).isEqualTo(40);
  }

  /**
   * A burst larger than the queue and the overflow list together, while writes succeed (a first
   * cycle over a queue of 100,000 new jobs): the caller waits for room, nothing is dropped.
   */
  @Test
  void aBurstBeyondTheBoundsWhileWritesSucceedIsWrittenWhole() throws Exception {
    var store = open();
    try (var log = new AsyncAuditLog(store, 16, 64, () -> Decisions.NOW)) {
      Decisions.cycle(2_000, 1, Decisions.NOW).forEach(log::onDecision);

      assertThat(log.flush(Duration.ofSeconds(60))).isTrue();
      assertThat(log.overflowed()).as("the burst went past the queue").isPositive();
      assertThat(log.dropped()).isZero();
      assertThat(log.health().summary()).isEqualTo("writable");
    }
    assertThat(store.count()).isEqualTo(2_000);
    assertThat(dropWarnings()).isEmpty();
  }

  @Test
  void theHealthSaysWhatFailsSinceWhenAndWhatWaitsAndTheOverflowIsBounded() throws Exception {
    var store = open();
    var clock = new AtomicReference<>(Decisions.NOW);
    try (var log = new AsyncAuditLog(store, 16, 64, clock::get)) {
      Decisions.cycle(10, 1, Decisions.NOW).forEach(log::onDecision);
      assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(log.health().ok()).isTrue();
      assertThat(log.health().summary()).isEqualTo("writable");

      takeAway();
      Instant outage = Decisions.NOW.plusSeconds(60);
      clock.set(outage);
      Decisions.cycle(200, 2, outage).forEach(log::onDecision);
      waitFor(() -> log.health().failingSince() != null, Duration.ofSeconds(10));
      // the writer holds the batch it failed on and takes no more: these fill queue and overflow
      Decisions.cycle(100, 3, outage.plusSeconds(5)).forEach(log::onDecision);

      var failing = log.health();
      assertThat(failing.ok()).isFalse();
      assertThat(failing.failingSince()).isEqualTo(outage);
      assertThat(failing.lastError())
          .startsWith("audit log at jdbc:sqlite:" + folder())
          .contains("SQLITE_CANTOPEN")
          .doesNotContain("\n")
          .doesNotContain("deploy-prod");
      assertThat(failing.queued()).as("the queue is full").isEqualTo(16);
      assertThat(failing.overflow()).as("the overflow list is full, and no fuller").isEqualTo(64);
      assertThat(failing.dropped()).isPositive();
      assertThat(failing.pending() + failing.dropped()).isEqualTo(300);
      assertThat(failing.failures()).isPositive();
      assertThat(failing.summary())
          .startsWith("writes failing since " + outage + ": audit log at jdbc:sqlite:")
          .contains("(16 queued, 64 in overflow), " + failing.dropped() + " dropped");
      waitFor(() -> !dropWarnings().isEmpty(), Duration.ofSeconds(10));

      Decisions.cycle(50, 4, outage.plusSeconds(10)).forEach(log::onDecision);
      waitFor(() -> log.failures() > failing.failures() + 1, Duration.ofSeconds(20));
      assertThat(dropWarnings()).as("the first drop is logged, not every one").hasSize(1);
      long dropped = log.dropped();
      assertThat(dropped).isEqualTo(failing.dropped() + 50);

      putBack();
      assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
      var recovered = log.health();
      assertThat(recovered.ok()).isTrue();
      assertThat(recovered.failingSince()).isNull();
      assertThat(recovered.lastError()).isNull();
      assertThat(recovered.pending()).isZero();
      assertThat(recovered.dropped()).isEqualTo(dropped);
      assertThat(recovered.summary()).isEqualTo("writable");
      waitFor(
          () -> messages(Level.INFO).stream().anyMatch(m -> m.contains("accepting again")),
          Duration.ofSeconds(10));
      assertThat(messages(Level.INFO))
          .filteredOn(m -> m.contains("accepting again"))
          .singleElement()
          .asString()
          .contains(dropped + " decisions and outcomes were dropped");
      assertThat(store.count()).isEqualTo(10 + 350 - dropped);
    }
  }

  @Test
  void closingWhileWritesFailSaysWhatIsLost() throws Exception {
    var store = open();
    var log = new AsyncAuditLog(store, 64);
    takeAway();
    Decisions.cycle(5, 1, Decisions.NOW).forEach(log::onDecision);
    waitFor(() -> log.failures() > 0, Duration.ofSeconds(10));

    log.close();

    assertThat(messages(Level.WARNING))
        .last()
        .asString()
        .isEqualTo("audit log: stopped with 5 decisions and outcomes not written");
  }

  private List<String> dropWarnings() {
    return messages(Level.WARNING).stream().filter(m -> m.contains("are full")).toList();
  }
}
