package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Readiness and the metrics follow the audit log's writer, on a real SQLite file that breaks while
 * the server runs and is then mended: {@code /readyz} fails its store check saying since when and
 * why, the audit metrics move, and both recover.
 */
class AuditHealthTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Something that happens to the database in {@code data}, and its undoing. */
  interface Outage {
    void begin(Path data) throws Exception;

    void end(Path data) throws Exception;
  }

  static Stream<Arguments> outages() {
    return Stream.of(
        argumentSet(
            // what a lost volume looks like to the writer: the file cannot be opened
            "the folder is gone",
            new Outage() {
              @Override
              public void begin(Path data) throws Exception {
                Files.move(data, data.resolveSibling("away"));
              }

              @Override
              public void end(Path data) throws Exception {
                Files.move(data.resolveSibling("away"), data);
              }
            },
            "SQLITE_CANTOPEN",
            "not answering; writes failing since "),
        argumentSet(
            // reads still work, so a SELECT 1 alone would call it writable
            "the database answers but refuses writes",
            new Outage() {
              @Override
              public void begin(Path data) throws Exception {
                sql(data, "ALTER TABLE decisions RENAME TO decisions_away");
              }

              @Override
              public void end(Path data) throws Exception {
                sql(data, "ALTER TABLE decisions_away RENAME TO decisions");
              }
            },
            "no such table: decisions",
            "writes failing since "));
  }

  static void sql(Path data, String statement) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("audit.db"));
        var st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @ParameterizedTest
  @MethodSource("outages")
  void failingWritesFailReadinessAndMoveTheMetricsUntilTheyRecover(
      Outage outage, String cause, String detail) throws Exception {
    var snapshot = ContextFormat.read(Path.of("..", "examples", "deploy-rush.json"));
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var decisions = engine.decide(snapshot, 42);
    var state = new FixedState(snapshot, decisions, Instant.now(), null, true);
    Path data = Files.createDirectories(dir.resolve("data"));
    var store = AuditStore.open(StoreConfig.sqlite(data.resolve("audit.db")));
    var options =
        new ApiServer.Options(
            "127.0.0.1", 0, BearerAuth.disabled(), true, 64 * 1024, Duration.ofMinutes(5));
    try (var audit = new AsyncAuditLog(store, 4, 8, Instant::now);
        var server =
            new ApiServer(
                    options,
                    () -> state,
                    engine,
                    store,
                    new ServiceMetrics(() -> state).bindAudit(audit),
                    null,
                    audit,
                    null)
                .start()) {
      decisions.forEach(audit::onDecision);
      assertThat(audit.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(storeCheck(server).get("ok").asBoolean()).isTrue();
      assertThat(metric(server, "runneriq_audit_failing")).isZero();

      outage.begin(data);
      engine.decide(snapshot, 100).forEach(audit::onDecision);
      waitFor(() -> audit.health().failingSince() != null, Duration.ofSeconds(10));
      // the writer holds the batch it failed on: these fill the queue and the overflow list
      for (int seed = 101; seed <= 103; seed++) {
        engine.decide(snapshot, seed).forEach(audit::onDecision);
      }

      var ready = get(server, "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      var check = Documents.JSON.readTree(ready.body()).get("checks").get("store");
      assertThat(check.get("ok").asBoolean()).isFalse();
      assertThat(check.get("detail").asText())
          .startsWith(detail)
          .contains("audit log at jdbc:sqlite:" + data)
          .contains(cause)
          .containsPattern("\\d+ pending \\(4 queued, 8 in overflow\\), \\d+ dropped");
      assertThat(metric(server, "runneriq_audit_failing")).isEqualTo(1);
      assertThat(metric(server, "runneriq_audit_pending")).isPositive();
      assertThat(metric(server, "runneriq_audit_overflow")).isEqualTo(8);
      assertThat(metric(server, "runneriq_audit_dropped_total")).isPositive();
      assertThat(metric(server, "runneriq_audit_write_failures_total")).isPositive();

      outage.end(data);
      assertThat(audit.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      assertThat(storeCheck(server).get("detail").asText()).isEqualTo("writable");
      assertThat(metric(server, "runneriq_audit_failing")).isZero();
      assertThat(metric(server, "runneriq_audit_pending")).isZero();
      assertThat(metric(server, "runneriq_audit_overflow")).isZero();
    }
  }

  private HttpResponse<String> get(ApiServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode storeCheck(ApiServer server) throws Exception {
    return Documents.JSON.readTree(get(server, "/readyz").body()).get("checks").get("store");
  }

  private double metric(ApiServer server, String name) throws Exception {
    return PrometheusText.parse(get(server, "/metrics").body()).stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in the scrape"))
        .value();
  }

  private static void waitFor(BooleanSupplier condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
