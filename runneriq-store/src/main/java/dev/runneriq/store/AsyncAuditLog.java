package dev.runneriq.store;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.formats.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The audit log behind the control loop: {@link #onDecision} only enqueues (no I/O, never throws),
 * and so does {@link #onOutcome}; one writer thread drains the queue in batches into the {@link
 * AuditStore}, decisions before the outcomes of the same batch. When the queue is full, entries are
 * kept in an overflow list of bounded size. Past that, while writes succeed, the caller waits for
 * room (the writer is behind a burst, not down); while writes fail, new entries are dropped and
 * counted, so that an outage never blocks the caller. When the database fails, the batch is kept
 * and retried with backoff until it returns. A decision counts as acknowledged once its transaction
 * committed, and is then durable.
 *
 * <p>The writer thread says what happens, once each: the first failed write of an outage and the
 * recovery, the first drop and the end of dropping; {@link #health()} tells the same to readiness
 * checks and metrics.
 */
public final class AsyncAuditLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AsyncAuditLog.class.getName());
  private static final int BATCH = 500;
  private static final long MAX_BACKOFF_MS = 5_000;

  /** The overflow list's size when none is given: past the queue, entries up to this are kept. */
  public static final int DEFAULT_OVERFLOW_LIMIT = 40_000;

  private final AuditStore store;
  private final int capacity;
  private final int overflowLimit;
  private final InstantSource clock;

  /**
   * A decision, or what GitLab showed of a job with when it was seen, or (neither) a request to
   * remove what is older than {@code seen}.
   */
  private record Entry(@Nullable Decision decision, @Nullable JobOutcome outcome, Instant seen) {}

  private final BlockingQueue<Entry> queue;
  private final ConcurrentLinkedQueue<Entry> overflow = new ConcurrentLinkedQueue<>();
  private final AtomicInteger overflowSize = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong pruned = new AtomicLong();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private final AtomicReference<@Nullable Instant> failingSince = new AtomicReference<>();
  private final Thread writer;
  private volatile boolean running = true;

  /** The writer thread's own notes of what it already logged about drops. */
  private long dropsLogged;

  private long dropsAtEpisodeStart;
  private boolean dropping;

  /** A log whose queue holds {@code capacity} entries, with the default overflow list. */
  public AsyncAuditLog(AuditStore store, int capacity) {
    this(store, capacity, DEFAULT_OVERFLOW_LIMIT, InstantSource.system());
  }

  /**
   * @param capacity entries the queue holds before they spill to the overflow list
   * @param overflowLimit entries the overflow list holds; past that, new entries are dropped
   * @param clock when an outage began, for {@link #health()} and the log
   */
  public AsyncAuditLog(AuditStore store, int capacity, int overflowLimit, InstantSource clock) {
    this.store = store;
    this.capacity = capacity;
    this.overflowLimit = overflowLimit;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofPlatform().name("runneriq-audit-writer").daemon(true).start(this::loop);
  }

  /**
   * What the writer is going through now.
   *
   * @param failingSince when the writes of the current outage began to fail; null while they
   *     succeed
   * @param lastError the last failed write in a few words (the database as {@link
   *     StoreConfig#safeUrl()} names it, never a password or a row's content); null once a write
   *     succeeds again
   * @param pending entries accepted but neither written nor dropped
   * @param queued entries in the queue
   * @param overflow entries in the overflow list, the queue having been full
   * @param dropped entries dropped since start, queue and overflow list having been full
   * @param failures failed write attempts since start
   */
  public record Health(
      @Nullable Instant failingSince,
      @Nullable String lastError,
      long pending,
      int queued,
      int overflow,
      long dropped,
      long failures) {

    /** Whether writes succeed and keep up: none failing, nothing spilled past the queue. */
    public boolean ok() {
      return failingSince == null && overflow == 0;
    }

    /** One line for a readiness check: {@code writable}, or what is wrong and what waits. */
    public String summary() {
      String waiting =
          pending
              + " pending ("
              + queued
              + " queued, "
              + overflow
              + " in overflow), "
              + dropped
              + " dropped";
      if (failingSince != null) {
        return "writes failing since " + failingSince + ": " + lastError + "; " + waiting;
      }
      if (overflow > 0) {
        return "writes behind (the queue spilled over): " + waiting;
      }
      return pending == 0 ? "writable" : "writable; " + pending + " pending";
    }
  }

  /** The writer's state now; cheap, for every readiness check and scrape. */
  public Health health() {
    return new Health(
        failingSince.get(),
        lastError.get(),
        pending(),
        queue.size(),
        overflowSize.get(),
        dropped.get(),
        failures.get());
  }

  /**
   * Queues a decision for writing: no I/O, never throws; waits only while the queue and the
   * overflow list are full and writes succeed.
   */
  public void onDecision(Decision decision) {
    enqueue(new Entry(decision, null, decision.at()));
  }

  /**
   * Removes decisions made before {@code before} (and outcomes no decision joins any more), on the
   * writer thread after what was accepted so far, so it never races a write.
   */
  public void prune(Instant before) {
    enqueue(new Entry(null, null, before));
  }

  /** Decisions removed by {@link #prune} so far. */
  public long pruned() {
    return pruned.get();
  }

  /** Records what GitLab showed of a job, off the calling thread like decisions. */
  public void onOutcome(JobOutcome outcome, Instant seen) {
    enqueue(new Entry(null, outcome, seen));
  }

  private void enqueue(Entry e) {
    accepted.incrementAndGet();
    if (queue.offer(e)) {
      return;
    }
    while (overflowSize.incrementAndGet() > overflowLimit) {
      overflowSize.decrementAndGet();
      if (!behindOnly()) {
        dropped.incrementAndGet(); // the writer thread logs it
        return;
      }
      sleep(5);
    }
    overflowed.incrementAndGet();
    overflow.add(e);
  }

  /**
   * Whether the writer is only behind a burst, writes succeeding: then a caller waits for room
   * rather than losing what it hands over (a first cycle over a queue of 100,000 new jobs). While
   * writes fail, or once closing, nothing waits: an outage never stops the loop.
   */
  private boolean behindOnly() {
    return running && failingSince.get() == null && Thread.currentThread() != writer;
  }

  /** Decisions and outcomes accepted but neither committed nor dropped. */
  public long pending() {
    return accepted.get() - written.get() - dropped.get();
  }

  public long written() {
    return written.get();
  }

  /** Entries that went to the overflow list since start, the queue being full. */
  public long overflowed() {
    return overflowed.get();
  }

  /** Entries dropped since start, the queue and the overflow list being full. */
  public long dropped() {
    return dropped.get();
  }

  public long failures() {
    return failures.get();
  }

  /** The last database error, or null when the last write succeeded. */
  public @Nullable String lastError() {
    return lastError.get();
  }

  /** Waits until every accepted decision is committed (or dropped), or the timeout passes. */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return pending() == 0;
      }
    }
    return true;
  }

  private void loop() {
    var batch = new ArrayList<Entry>(BATCH);
    long backoff = 50;
    long failedAttempts = 0;
    while (running || !queue.isEmpty() || !overflow.isEmpty() || !batch.isEmpty()) {
      reportDrops();
      if (batch.isEmpty() && !fill(batch)) {
        continue;
      }
      try {
        write(batch);
        lastError.set(null);
        backoff = 50;
        // the recovery is logged before the batch counts as written, so that whoever flushed sees
        // the log line once the flush returns
        Instant since = failingSince.getAndSet(null);
        if (since != null) {
          LOG.log(
              System.Logger.Level.INFO,
              "audit log: writes recovered after "
                  + String.format(
                      Locale.ROOT,
                      "%.1f s",
                      Duration.between(since, clock.instant()).toMillis() / 1000.0)
                  + " and "
                  + failedAttempts
                  + " failed attempts; "
                  + (pending() - batch.size())
                  + " decisions and outcomes still to write");
        }
        written.addAndGet(batch.size());
        batch.clear();
        failedAttempts = 0;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        failedAttempts++;
        String words = words(e);
        lastError.set(words);
        if (failingSince.compareAndSet(null, clock.instant())) {
          LOG.log(
              System.Logger.Level.WARNING,
              "audit log: writes failing: "
                  + words
                  + "; "
                  + pending()
                  + " decisions and outcomes wait in memory, retried with backoff (up to "
                  + capacity
                  + " queued and "
                  + overflowLimit
                  + " in overflow, then dropped)");
        }
        if (!running) {
          // closing with the database down: what was not committed stays unacknowledged
          LOG.log(
              System.Logger.Level.WARNING,
              "audit log: stopped with " + pending() + " decisions and outcomes not written");
          return;
        }
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  /** Writes a batch: decisions, then outcomes, then removals, each in its own transaction. */
  private void write(List<Entry> batch) {
    store.write(batch.stream().map(Entry::decision).filter(java.util.Objects::nonNull).toList());
    var outcomes = new ArrayList<AuditStore.SeenOutcome>();
    for (Entry e : batch) {
      JobOutcome o = e.outcome();
      if (o != null) {
        outcomes.add(new AuditStore.SeenOutcome(o, e.seen()));
      }
    }
    store.recordOutcomes(outcomes);
    for (Entry e : batch) {
      if (e.decision() == null && e.outcome() == null) {
        int removed = store.prune(e.seen());
        pruned.addAndGet(removed);
        LOG.log(
            System.Logger.Level.INFO,
            "audit log: removed " + removed + " decisions made before " + e.seen());
      }
    }
  }

  /** Logs the first drop while queue and overflow are full, and the end of dropping: once each. */
  private void reportDrops() {
    long now = dropped.get();
    if (now > dropsLogged) {
      if (!dropping) {
        dropping = true;
        dropsAtEpisodeStart = dropsLogged;
        LOG.log(
            System.Logger.Level.WARNING,
            "audit log: queue ("
                + capacity
                + ") and overflow ("
                + overflowLimit
                + ") are full: new decisions and outcomes are dropped until the writer catches"
                + " up");
      }
      dropsLogged = now;
    } else if (dropping && overflowSize.get() < overflowLimit) {
      dropping = false;
      LOG.log(
          System.Logger.Level.INFO,
          "audit log: accepting again; "
              + (now - dropsAtEpisodeStart)
              + " decisions and outcomes were dropped while it was full");
    }
  }

  /**
   * A failed write in a few words, on one line: the store's own message (which names the database
   * by its safe URL and the driver's reason, never the rows), the password masked should a driver
   * ever repeat it, control characters escaped, and clipped.
   */
  private String words(RuntimeException e) {
    String message = e.getMessage();
    String text =
        e instanceof StoreException && message != null
            ? message
            : e.getClass().getSimpleName() + ": " + Database.rootMessage(e);
    String password = store.config().password();
    if (password != null && !password.isEmpty()) {
      // as a word of its own: a password such as "postgres" leaves jdbc:postgresql alone
      text =
          text.replaceAll("(?<![A-Za-z0-9])" + Pattern.quote(password) + "(?![A-Za-z0-9])", "***");
    }
    return Printable.clip(text.replaceAll("\\s+", " ").strip());
  }

  /** Takes up to a batch, waiting briefly for the first; false when nothing came. */
  private boolean fill(List<Entry> batch) {
    try {
      Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
      if (first != null) {
        batch.add(first);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
    queue.drainTo(batch, BATCH - batch.size());
    Entry d;
    while (batch.size() < BATCH && (d = overflow.poll()) != null) {
      overflowSize.decrementAndGet();
      batch.add(d);
    }
    return !batch.isEmpty();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what it can within five seconds, then stops the writer. */
  @Override
  public void close() {
    flush(Duration.ofSeconds(5));
    running = false;
    try {
      writer.join(6_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
