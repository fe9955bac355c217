package dev.runneriq.gitlab.webhook;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link WebhookHandler} that hands each event to one thread of its own, which tells the delegate
 * in the order handed. The receiving threads then never wait on the delegate's locks (a Monitor's
 * job states, the control loop's outcome log) nor on each other there: a delivery is answered once
 * it is checked and in the store, and the delegate sees it a moment later. The queue holds {@code
 * capacity} events; a receiving thread waits for room up to {@link #WAIT_FOR_ROOM_MS} ms, and past
 * that the event is counted as dropped for the delegate (the store still has it, and the next poll
 * reconciles).
 */
public final class HandOff implements WebhookHandler, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HandOff.class.getName());

  /** Queued events by default: a few seconds of a flood. */
  public static final int DEFAULT_CAPACITY = 16_384;

  /** How long a receiving thread waits for room in a full queue. */
  static final long WAIT_FOR_ROOM_MS = 2_000;

  private record Handed(WebhookEvent event, boolean changed) {}

  private final WebhookHandler delegate;
  private final int capacity;
  private final BlockingQueue<Handed> queue;
  private final Thread worker;
  private final AtomicLong told = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  /** Starts the thread that tells {@code delegate}. */
  public HandOff(WebhookHandler delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "hand-off capacity must be at least 1, but was " + capacity);
    }
    this.delegate = delegate;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = Thread.ofPlatform().name("runneriq-hook-handoff").daemon().start(this::work);
  }

  @Override
  public void onEvent(WebhookEvent event, boolean changed) {
    if (closed) {
      return;
    }
    try {
      if (queue.offer(new Handed(event, changed), WAIT_FOR_ROOM_MS, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (dropped.incrementAndGet() == 1) {
      LOG.log(
          System.Logger.Level.WARNING,
          "webhook events come faster than the snapshot takes them: with "
              + capacity
              + " waiting, later ones are dropped for it (the job states keep them) until the"
              + " next poll");
    }
  }

  /** Events the delegate has been told of. */
  public long told() {
    return told.get();
  }

  /** Events dropped because the queue stayed full. */
  public long dropped() {
    return dropped.get();
  }

  private void work() {
    var batch = new ArrayList<Handed>();
    while (!closed) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch);
      for (var h : batch) {
        try {
          delegate.onEvent(h.event(), h.changed());
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING, "webhook handler failed on a " + h.event().kind(), e);
        }
        told.incrementAndGet();
      }
      batch.clear();
    }
  }

  /** Stops the thread; events still queued are not told. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
