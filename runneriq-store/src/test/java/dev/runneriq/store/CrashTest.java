package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that logs decisions is killed without warning (SIGKILL); every decision it reported as
 * acknowledged must be in the SQLite file afterwards.
 */
class CrashTest {
  @TempDir Path dir;

  /** The child: logs cycles of decisions and prints "acked N" after each flush, forever. */
  public static void main(String[] args) throws Exception {
    var store = AuditStore.open(StoreConfig.sqlite(Path.of(args[0])));
    var log = new AsyncAuditLog(store, 128);
    for (int cycle = 1; ; cycle++) {
      Decisions.cycle(50, cycle, Decisions.NOW.plusSeconds(cycle)).forEach(log::onDecision);
      if (log.flush(Duration.ofSeconds(10))) {
        System.out.println("acked " + log.written());
        System.out.flush();
      }
    }
  }

  @Test
  void aKilledProcessLosesNothingItAcknowledged() throws Exception {
    Path db = dir.resolve("audit.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashTest.class.getName(),
                    db.toString()))
            .redirectErrorStream(true)
            .start();
    long acked = 0;
    try (var out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked = Long.parseLong(line.substring(6));
          if (acked >= 1000) {
            break;
          }
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).isGreaterThanOrEqualTo(1000);
    long stored = AuditStore.open(StoreConfig.sqlite(db)).count();
    assertThat(stored).isGreaterThanOrEqualTo(acked);
  }
}
