package dev.runneriq.app.serve;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A task run again and again on a thread of its own, resting {@code rest} between runs unless it
 * says it has more to do at once; closed, the thread is interrupted and waited for (up to 5 s). The
 * task catches what it expects; anything else ends nothing but that run.
 */
final class Periodic implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Periodic.class.getName());

  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param task one run; true when there is more to do at once (no rest)
   */
  Periodic(String name, Duration rest, BooleanSupplier task) {
    this.thread =
        Thread.ofPlatform()
            .name(name)
            .unstarted(
                () -> {
                  while (running) {
                    boolean more;
                    try {
                      more = task.getAsBoolean();
                    } catch (RuntimeException e) {
                      LOG.log(System.Logger.Level.ERROR, name + " failed; trying again", e);
                      more = false;
                    }
                    if (!more) {
                      try {
                        Thread.sleep(rest);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                });
  }

  Periodic start() {
    thread.start();
    return this;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
