package dev.runneriq.store;

/**
 * A second intent to play, cancel or retry the same job: the log refuses it, whatever became of the
 * first (answered, failed, or left {@code sent} by a process that died before the answer).
 */
public final class AlreadyActedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long earlierId;

  AlreadyActedException(PlannedAction refused, long earlierId) {
    super(
        "job "
            + refused.jobId()
            + " was already asked to "
            + refused.kind().wire()
            + " (action "
            + earlierId
            + "); it is never asked twice");
    this.earlierId = earlierId;
  }

  /** The action that asked first. */
  public long earlierId() {
    return earlierId;
  }
}
