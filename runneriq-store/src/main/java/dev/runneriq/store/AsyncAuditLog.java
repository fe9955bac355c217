package dev.runneriq.store;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The audit log behind the control loop: {@link #onDecision} only enqueues (no I/O, never blocks,
 * never throws), and so does {@link #onOutcome}; one writer thread drains the queue in batches into
 * the {@link AuditStore}, decisions before the outcomes of the same batch. When the queue is full,
 * decisions are kept in an overflow list; when the database fails, the batch is kept and retried
 * with backoff until it returns. A decision counts as acknowledged once its transaction committed,
 * and is then durable.
 */
public final class AsyncAuditLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AsyncAuditLog.class.getName());
  private static final int BATCH = 500;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final AuditStore store;

  /**
   * A decision, or what GitLab showed of a job with when it was seen, or (neither) a request to
   * remove what is older than {@code seen}.
   */
  private record Entry(@Nullable Decision decision, @Nullable JobOutcome outcome, Instant seen) {}

  private final BlockingQueue<Entry> queue;
  private final ConcurrentLinkedQueue<Entry> overflow = new ConcurrentLinkedQueue<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong pruned = new AtomicLong();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private final Thread writer;
  private volatile boolean running = true;

  public AsyncAuditLog(AuditStore store, int capacity) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofPlatform().name("runneriq-audit-writer").daemon(true).start(this::loop);
  }

  /** Queues a decision for writing: fast, never blocks, never throws, no I/O. */
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
    if (!queue.offer(e)) {
      overflowed.incrementAndGet();
      overflow.add(e);
    }
  }

  /** Decisions and outcomes accepted but not yet committed. */
  public long pending() {
    return accepted.get() - written.get();
  }

  public long written() {
    return written.get();
  }

  public long overflowed() {
    return overflowed.get();
  }

  public long failures() {
    return failures.get();
  }

  /** The last database error, or null when the last write succeeded. */
  public @Nullable String lastError() {
    return lastError.get();
  }

  /** Waits until every accepted decision is committed, or the timeout passes. */
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
    while (running || !queue.isEmpty() || !overflow.isEmpty() || !batch.isEmpty()) {
      if (batch.isEmpty() && !fill(batch)) {
        continue;
      }
      try {
        store.write(
            batch.stream().map(Entry::decision).filter(java.util.Objects::nonNull).toList());
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
        written.addAndGet(batch.size());
        batch.clear();
        lastError.set(null);
        backoff = 50;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        lastError.set(e.getMessage());
        if (!running) {
          return; // closing with the database down: what was not committed stays unacknowledged
        }
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
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
