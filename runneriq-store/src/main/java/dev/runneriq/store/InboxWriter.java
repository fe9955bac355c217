package dev.runneriq.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Commits webhook deliveries to the inbox in groups, on one connection it keeps: each caller waits
 * until the transaction that holds its delivery has committed, and the deliveries that came in
 * while one transaction committed go in the next (group commit). The same rows, keys and answers as
 * {@link ClusterStore#enqueue}, one round trip and one commit for many deliveries instead of a
 * connection, a statement and a commit each. A group that fails fails every caller in it: none of
 * them is kept, the connection is opened afresh for the next.
 */
public final class InboxWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(InboxWriter.class.getName());

  /** Deliveries in one transaction at most. */
  static final int GROUP = 256;

  /** Deliveries waiting for a transaction at most; a caller past that is refused. */
  static final int WAITING = 4096;

  /** How long a caller waits for its commit before it is told the delivery was not kept. */
  static final long COMMIT_WAIT_S = 30;

  private record Delivery(
      @Nullable String key,
      String kind,
      String body,
      String receivedBy,
      CompletableFuture<Boolean> kept) {}

  private final StoreConfig config;
  private final Clock clock;
  private final BlockingQueue<Delivery> waiting = new ArrayBlockingQueue<>(WAITING);
  private final Thread worker;
  private @Nullable Connection connection;
  private volatile boolean closed;

  InboxWriter(StoreConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.worker = Thread.ofPlatform().name("runneriq-inbox-writer").daemon().start(this::work);
  }

  /**
   * Commits a delivery to the inbox, waiting for its group's commit; false when a delivery of the
   * same key is there already (a retry, at this replica or another, or earlier in the same group).
   *
   * @throws StoreException when it is not kept: the database failed, or did not commit in time
   */
  public boolean enqueue(@Nullable String key, String kind, String body, String receivedBy) {
    var d = new Delivery(key, kind, body, receivedBy, new CompletableFuture<>());
    if (closed || !waiting.offer(d)) {
      throw new StoreException(
          closed
              ? "the inbox writer is closed"
              : WAITING + " deliveries wait for the inbox already");
    }
    try {
      return d.kept().get(COMMIT_WAIT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StoreException s
          ? s
          : new StoreException("the inbox did not take the delivery", e);
    } catch (TimeoutException e) {
      throw new StoreException("the inbox did not commit within " + COMMIT_WAIT_S + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while the inbox committed", e);
    }
  }

  private void work() {
    var group = new ArrayList<Delivery>(GROUP);
    while (!closed) {
      try {
        group.add(waiting.take());
      } catch (InterruptedException e) {
        break;
      }
      waiting.drainTo(group, GROUP - 1);
      commit(group);
      group.clear();
    }
    waiting.drainTo(group);
    group.forEach(
        d -> d.kept().completeExceptionally(new StoreException("the inbox writer is closed")));
  }

  /** One transaction for the group; each caller told whether its row went in. */
  private void commit(List<Delivery> group) {
    long now = clock.millis();
    try {
      var c = connection();
      int[] counts;
      try (var insert =
          c.prepareStatement(
              "INSERT INTO hook_inbox (delivery_key, kind, body, received_by, received_at_ms)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        for (var d : group) {
          insert.setString(1, d.key() == null ? null : Texts.cut(d.key(), 256));
          insert.setString(2, Texts.cut(d.kind(), 32));
          insert.setString(3, d.body());
          insert.setString(4, Texts.cut(d.receivedBy(), 256));
          insert.setLong(5, now);
          insert.addBatch();
        }
        counts = insert.executeBatch();
      }
      c.commit();
      for (int i = 0; i < group.size(); i++) {
        group.get(i).kept().complete(counts[i] != 0);
      }
    } catch (SQLException | RuntimeException e) {
      dropConnection();
      var failure =
          new StoreException(
              "audit log at "
                  + config.safeUrl()
                  + " failed to keep the delivery: "
                  + Database.rootMessage(e),
              e);
      LOG.log(System.Logger.Level.DEBUG, "inbox group of " + group.size() + " not kept", e);
      group.forEach(d -> d.kept().completeExceptionally(failure));
    }
  }

  private Connection connection() throws SQLException {
    var c = connection;
    if (c == null || c.isClosed()) {
      c = Database.connect(config);
      c.setAutoCommit(false);
      connection = c;
    }
    return c;
  }

  private void dropConnection() {
    var c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already broken: a new one is opened for the next group
      }
    }
  }

  /** Stops taking deliveries; those still waiting are refused, the connection closed. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(COMMIT_WAIT_S));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropConnection();
  }
}
