package dev.runneriq.app.gate;

/**
 * The right to write to GitLab: only the instance that holds it acts; the others stand by and try
 * again each cycle, so one of them takes over when the holder stops.
 */
public interface Lease extends AutoCloseable {
  /** Takes the lease if it is free (or keeps it); never waits. Whether this instance holds it. */
  boolean tryAcquire();

  /** Who holds it, as well as known: for "standing by: the lease is held by …". */
  String holder();

  @Override
  void close();
}
