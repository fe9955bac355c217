package dev.runneriq.store;

/**
 * The right to write to GitLab: of the processes sharing an audit log, only the one holding this
 * lease plays, cancels or retries jobs; the others stand by and say who holds it. On SQLite it is a
 * lock on a file beside the database ({@code <db>.actuator.lock}, which names its holder); on
 * PostgreSQL an advisory lock held by a connection of its own. Either is released by the operating
 * system or the database when the holder dies, so a standby calling {@link #tryAcquire} from time
 * to time takes over.
 *
 * <p>The holder must ask {@link #held} before each write: a PostgreSQL lease is lost with its
 * connection, and another process may hold it from then on.
 */
public sealed interface ActuatorLease extends AutoCloseable permits FileLease, AdvisoryLease {

  /**
   * A lease over the store {@code config} names, not yet acquired.
   *
   * @param instanceName how this process is named to the others, e.g. {@code runneriq@ci-host-2}
   */
  static ActuatorLease of(StoreConfig config, String instanceName) {
    Texts.required("instance name", instanceName, 128);
    return config.isSqlite()
        ? new FileLease(FileLease.beside(config.sqliteFile()), instanceName)
        : new AdvisoryLease(config, instanceName);
  }

  /**
   * Takes the lease if no one holds it, without waiting; true when this process holds it now (also
   * when it held it already). Called again and again, a standby takes over once the holder is gone.
   *
   * @throws StoreException when the lease cannot be asked for at all (the lock file cannot be
   *     opened, the database does not answer): neither held nor known to be held by another
   */
  boolean tryAcquire();

  /** Whether this process holds the lease now; for PostgreSQL a round trip that checks it. */
  boolean held();

  /**
   * Who holds the lease, as well as known, for "standing by: the actuator lease is held by …": this
   * process's own description while it holds it.
   */
  String holder();

  /** Gives the lease up, if held; a standby may take it at once. */
  @Override
  void close();
}
