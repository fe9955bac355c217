package dev.runneriq.app.serve;

import dev.runneriq.app.gate.Lease;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Gate mode's lease on a PostgreSQL store: held while this replica leads, confirmed with the
 * database before each round of writes. Leadership takes and gives up the lease itself, so the
 * actuator's close leaves it alone.
 */
final class LeaderLease implements Lease {
  private final AtomicReference<@Nullable Leadership> leadership;

  LeaderLease(AtomicReference<@Nullable Leadership> leadership) {
    this.leadership = leadership;
  }

  @Override
  public boolean tryAcquire() {
    var l = leadership.get();
    return l != null && l.confirmed();
  }

  @Override
  public String holder() {
    var l = leadership.get();
    return l == null ? "no one yet (this replica is starting)" : l.holder();
  }

  @Override
  public void close() {}
}
