package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's retention schedule removes, by its clock, what is older than the retention. */
class RetentionTest {
  @TempDir Path dir;

  @Test
  void theScheduleRemovesDecisionsOlderThanTheRetentionByTheServicesClock() throws Exception {
    var snapshot = ContextFormat.read(Path.of("..", "examples", "deploy-rush.json"));
    var decisions = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 42);
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
    store.write(decisions);
    // the service's clock is 40 days after the decisions; retention 30 days
    var clock = Clock.fixed(snapshot.now().plus(Duration.ofDays(40)), ZoneOffset.UTC);
    try (var audit = new AsyncAuditLog(store, 16)) {
      assertThat(Retention.pruner(audit, clock, Duration.ZERO, Duration.ZERO))
          .as("retention 0 keeps everything: no schedule")
          .isNull();
      var pruner = Retention.pruner(audit, clock, Duration.ofDays(30), Duration.ZERO);
      try {
        ServeEndToEndTest.waitFor(() -> audit.pruned() > 0, Duration.ofSeconds(10));
      } finally {
        pruner.shutdownNow();
      }
      assertThat(audit.pruned()).isEqualTo(decisions.size());
    }
    assertThat(store.count()).isZero();
  }
}
