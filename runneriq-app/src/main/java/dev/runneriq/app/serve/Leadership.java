package dev.runneriq.app.serve;

import dev.runneriq.store.ActuatorLease;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which of the replicas sharing a PostgreSQL store leads: the one holding the store's lease (a
 * session advisory lock, released by the database when its holder's connection ends, {@code kill
 * -9} included). Every {@link #TICK} each replica asks: a follower tries to take the lease, the
 * leader checks it still holds it; each says it is alive. The leader alone polls GitLab, decides,
 * applies the webhook inbox and writes to GitLab ({@link Duties}); taking the lease begins a new
 * term in the store, so a deposed leader's late publish is refused.
 */
final class Leadership implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Leadership.class.getName());

  /** How often a replica asks for the lease: a follower leads at most this long after it frees. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** Handled webhook deliveries are kept this long, then pruned by the leader. */
  static final Duration INBOX_KEPT = Duration.ofDays(1);

  /** What a replica does while it leads. */
  interface Duties {
    /** Starts leading in {@code term}. */
    void lead(long term);

    /** Stops everything {@link #lead} started; the lease is or will be given up. */
    void follow();
  }

  private final ActuatorLease lease;
  private final ClusterStore cluster;
  private final String instance;
  private final Duties duties;
  private final Instant started = Instant.now();
  private final Periodic worker;
  private volatile boolean running = true;
  private volatile boolean leading;
  private volatile long term;
  private volatile @Nullable String problem;
  private long ticks;

  Leadership(ActuatorLease lease, ClusterStore cluster, String instance, Duties duties) {
    this.lease = lease;
    this.cluster = cluster;
    this.instance = instance;
    this.duties = duties;
    this.worker =
        new Periodic(
            "runneriq-leadership",
            TICK,
            () -> {
              tick();
              return false;
            });
  }

  /**
   * Takes the SQLite store's lease for good, or refuses to start: SQLite serves one instance, and a
   * second on the same file would decide and act beside the first.
   */
  static void alone(ActuatorLease lease, StoreConfig store) {
    if (lease.tryAcquire()) {
      return;
    }
    throw new IllegalArgumentException(
        "the audit log "
            + store.sqliteFile()
            + " is in use by another runneriq serve: "
            + lease.holder()
            + ". SQLite serves one instance; stop the other, give this one its own"
            + " store.sqlite, or run several replicas on PostgreSQL (store.url:"
            + " jdbc:postgresql://…), where one leads and the others stand by (store.sqlite)");
  }

  /** Asks for the lease once (a first replica leads at once), then every {@link #TICK}. */
  Leadership start() {
    tick();
    worker.start();
    return this;
  }

  /** Whether this replica leads now, as of its last look. */
  boolean leading() {
    return leading;
  }

  /** This replica's term while it leads; the last one it led otherwise (0 if none). */
  long term() {
    return term;
  }

  String instance() {
    return instance;
  }

  Instant started() {
    return started;
  }

  /** Why the last look at the lease failed (the store not answering), or null. */
  @Nullable String problem() {
    return problem;
  }

  /**
   * Whether this replica leads and the database says it still holds the lease: what gate mode's
   * actuator asks before each round of writes.
   */
  boolean confirmed() {
    try {
      return leading && lease.held();
    } catch (StoreException e) {
      return false;
    }
  }

  /** Who holds the lease, as the database says. */
  String holder() {
    try {
      return lease.holder();
    } catch (StoreException e) {
      return "unknown (the store does not answer: " + e.getMessage() + ")";
    }
  }

  private synchronized void tick() {
    if (!running) {
      return;
    }
    try {
      if (leading && !lease.held()) {
        retake();
      }
      if (!leading && lease.tryAcquire()) {
        term = cluster.elect(instance);
        leading = true;
        LOG.log(
            System.Logger.Level.INFO,
            "cluster: this replica leads (term " + term + "): it polls GitLab and decides");
        duties.lead(term);
      }
      cluster.heartbeat(instance, leading ? "leader" : "follower", started);
      if (leading && ticks++ % 60 == 0) {
        cluster.prune(Instant.now().minus(INBOX_KEPT));
      }
      problem = null;
    } catch (StoreException e) {
      problem = e.getMessage();
      LOG.log(System.Logger.Level.WARNING, "cluster: cannot ask the store: " + e.getMessage());
    } catch (RuntimeException e) {
      problem = String.valueOf(e.getMessage());
      LOG.log(System.Logger.Level.ERROR, "cluster: leadership check failed", e);
    }
  }

  /**
   * The leader's session lost the lease: it takes it again when no one else has (a new term), and
   * follows when another replica has. While the store does not answer at all it goes on deciding,
   * as a single instance does through an outage (the audit log holds the decisions, and gate mode
   * writes nothing without the lease confirmed); another replica cannot take the lease meanwhile
   * unless the database can, and then this one follows as soon as it sees so.
   *
   * @throws StoreException when the store does not answer
   */
  private void retake() {
    if (lease.tryAcquire()) {
      term = cluster.elect(instance);
      LOG.log(
          System.Logger.Level.WARNING,
          "cluster: this replica's session with the store was lost; it took the lease again (term "
              + term
              + ")");
      return;
    }
    leading = false;
    LOG.log(
        System.Logger.Level.WARNING,
        "cluster: another replica took the lease ("
            + holder()
            + "); this one follows and stops what it led");
    duties.follow();
  }

  /**
   * Stops asking for the lease and stops what this replica led, keeping the lease until {@link
   * #close} (so that no one leads while the audit log is still being written).
   */
  void stopLeading() {
    running = false;
    worker.close();
    synchronized (this) {
      if (leading) {
        leading = false;
        duties.follow();
      }
    }
  }

  /** Stops leading (its duties first), gives the lease up and leaves the members. */
  @Override
  public void close() {
    stopLeading();
    synchronized (this) {
      lease.close();
      try {
        cluster.leave(instance);
      } catch (StoreException e) {
        // the members' list forgets a replica not seen for a while anyway
      }
    }
  }
}
