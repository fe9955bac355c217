package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.DemoCarbonTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running service in front of the simulated GitLab, its SQLite audit log refusing writes while
 * still answering reads: readiness fails on the store and says why, the metrics show the writes
 * failing and what waits, and both recover when the database takes writes again.
 */
class ServeAuditHealthTest {
  @TempDir Path dir;

  @Test
  void failingAuditWritesReachReadinessAndMetrics() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (var run =
        ServeWithModelTest.busyAfternoon(
            StoreConfig.sqlite(data.resolve("audit.db")), Engine.standard(EngineConfig.DEFAULT))) {
      var audit = run.service().audit();
      ServeEndToEndTest.waitFor(() -> audit.written() > 0, Duration.ofSeconds(60));
      assertThat(store(run).get("ok").asBoolean()).isTrue();

      sql(data, "ALTER TABLE decisions RENAME TO decisions_away");
      ServeEndToEndTest.waitFor(() -> !store(run).get("ok").asBoolean(), Duration.ofSeconds(60));
      assertThat(store(run).get("detail").asText())
          .startsWith("writes failing since ")
          .contains("no such table: decisions");
      String metrics = get(run, "/metrics").body();
      assertThat(metrics).contains("runneriq_audit_failing 1.0").contains("runneriq_audit_pending");

      sql(data, "ALTER TABLE decisions_away RENAME TO decisions");
      ServeEndToEndTest.waitFor(() -> store(run).get("ok").asBoolean(), Duration.ofSeconds(60));
      assertThat(get(run, "/metrics").body()).contains("runneriq_audit_failing 0.0");
    }
  }

  private static void sql(Path data, String statement) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("audit.db"));
        var st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static JsonNode store(SimulatedRun run) {
    try {
      return Documents.JSON.readTree(get(run, "/readyz").body()).get("checks").get("store");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
