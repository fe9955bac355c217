package dev.runneriq.app.gate;

import dev.runneriq.store.ActuatorLease;
import dev.runneriq.store.StoreException;

/**
 * The actuator lease of the audit log's store: a lock file beside a SQLite database, an advisory
 * lock on PostgreSQL. A lease that cannot be asked for (the store not answering) is not held.
 */
final class StoreLease implements Lease {
  private static final System.Logger LOG = System.getLogger(StoreLease.class.getName());

  private final ActuatorLease lease;

  StoreLease(ActuatorLease lease) {
    this.lease = lease;
  }

  @Override
  public boolean tryAcquire() {
    try {
      // a PostgreSQL lease is lost with its connection: ask before each round of writes
      return lease.held() || lease.tryAcquire();
    } catch (StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "gate: the actuator lease cannot be asked for; standing by: " + e.getMessage());
      return false;
    }
  }

  @Override
  public String holder() {
    try {
      return lease.holder();
    } catch (StoreException e) {
      return "unknown (the store does not answer: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    lease.close();
  }
}
