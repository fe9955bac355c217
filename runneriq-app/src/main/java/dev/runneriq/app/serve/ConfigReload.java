package dev.runneriq.app.serve;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.formats.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Watches {@code runneriq.yaml} while the service runs: when it changes, {@code mode} (gate or
 * advisory) and {@code gate.dry_run} take effect at once, recorded in the action log; every other
 * key waits for the next start (said in the log). A file that no longer loads changes nothing and
 * is named in the log with its error.
 */
final class ConfigReload implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConfigReload.class.getName());

  private final Path file;
  private final Map<String, String> env;
  private final Actuator gate;
  private final Duration every;
  private final Thread thread;
  private @Nullable FileTime seen;
  private volatile boolean running = true;

  ConfigReload(Path file, Map<String, String> env, Actuator gate, Duration every) {
    this.file = file;
    this.env = env;
    this.gate = gate;
    this.every = every;
    this.seen = modified(file);
    this.thread = Thread.ofPlatform().name("runneriq-config-reload").unstarted(this::run);
  }

  /** When the file last changed, or the epoch when it cannot be read. */
  static Instant changedAt(Path file) {
    var t = modified(file);
    return t == null ? Instant.EPOCH : t.toInstant();
  }

  ConfigReload start() {
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private static @Nullable FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      check();
    }
  }

  /** Reloads when the file changed since the last look. */
  void check() {
    var now = modified(file);
    if (now == null || now.equals(seen)) {
      return;
    }
    seen = now;
    try {
      var loaded = ConfigLoader.load(file, env);
      String mode = loaded.engine().mode();
      if (!mode.equals("gate") && !mode.equals("advisory")) {
        LOG.log(
            System.Logger.Level.WARNING,
            Printable.escape(
                file
                    + " changed: mode "
                    + mode
                    + " is not available; the mode stays "
                    + gate.mode()));
        return;
      }
      gate.reload(mode, loaded.service().gate(), file + " changed");
      LOG.log(
          System.Logger.Level.INFO,
          Printable.escape(
              file
                  + " changed: mode "
                  + gate.mode()
                  + (gate.status().dryRun() ? " (dry run)" : "")
                  + " now; other changes take effect at the next start"));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          Printable.escape(
              file + " changed but does not load; nothing changed: " + e.getMessage()));
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
