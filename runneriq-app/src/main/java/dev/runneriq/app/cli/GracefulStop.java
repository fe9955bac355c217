package dev.runneriq.app.cli;

import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s shutdown hook: on SIGTERM or SIGINT it runs the service's stop and ends the
 * process with the stop's exit code (the JVM would otherwise exit 143 or 130 however well the stop
 * went). A stop that overruns {@link #BOUND} is cut short with {@link #OVERRAN}: a stuck database
 * or thread never keeps the process up. A second signal changes nothing: the JVM ignores signals
 * while its hooks run, and the bound holds; SIGKILL still ends it at once.
 */
final class GracefulStop {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

  /** The longest a stop may take: a cycle (10 s at most), the audit log (5 s), the rest. */
  static final Duration BOUND = Duration.ofSeconds(30);

  /** The exit code when the stop did not finish within {@link #BOUND}. */
  static final int OVERRAN = 1;

  private GracefulStop() {}

  /** A hook that runs {@code stop}, which returns the exit code, within {@code bound}. */
  static Thread hook(IntSupplier stop, Duration bound) {
    return new Thread(
        () -> {
          var watchdog =
              Thread.ofPlatform()
                  .daemon(true)
                  .name("runneriq-shutdown-bound")
                  .start(() -> haltAfter(bound));
          int code = stop.getAsInt();
          watchdog.interrupt();
          LOG.info("shutdown: complete, exit {}", code);
          Runtime.getRuntime().halt(code);
        },
        "runneriq-shutdown");
  }

  private static void haltAfter(Duration bound) {
    try {
      Thread.sleep(bound);
    } catch (InterruptedException e) {
      return; // the stop finished in time
    }
    LOG.error("shutdown: not complete after {}; exit {} without waiting further", bound, OVERRAN);
    Runtime.getRuntime().halt(OVERRAN);
  }
}
