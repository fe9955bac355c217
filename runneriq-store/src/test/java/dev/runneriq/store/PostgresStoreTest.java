package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.JobOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a real PostgreSQL server, including an outage in the middle of a run. */
class PostgresStoreTest {
  @TempDir Path dir;

  static int freePort() throws Exception {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static EmbeddedPostgres start(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  static StoreConfig config(int port) {
    return new StoreConfig(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2",
        "postgres",
        "postgres");
  }

  @Test
  // pg is never named in the block: holding it open is what keeps the database up for it
  @SuppressWarnings("try")
  void queriesAndOutcomesWorkOnPostgres() throws Exception {
    int port = freePort();
    try (var pg = start(dir.resolve("pg"), port)) {
      var store = AuditStore.open(config(port));
      var decisions = Decisions.cycle(40, 1, Decisions.NOW);
      store.write(decisions);
      store.write(decisions);
      assertThat(store.count()).isEqualTo(40);
      var assigned = decisions.stream().filter(d -> d.runnerId() != null).findFirst().orElseThrow();
      store.recordOutcome(
          new JobOutcome(
              assigned.jobId(),
              assigned.runnerId(),
              "success",
              Decisions.NOW,
              Decisions.NOW.plusSeconds(5),
              Decisions.NOW.plusSeconds(65)),
          Decisions.NOW.plusSeconds(65));
      var stored = store.byId(assigned.id()).orElseThrow();
      assertThat(stored.followed()).isTrue();
      assertThat(
              store.query(
                  new DecisionQuery(null, null, "shop/web", "CRITICAL", null, null, null, 100, 0)))
          .isNotEmpty()
          .allMatch(d -> d.project().equals("shop/web") && d.tier().equals("CRITICAL"));
    }
  }

  /** The server processes of the store's connections, by pid, as the server lists them. */
  private static List<Integer> storeBackends(int port) throws SQLException {
    try (var c = DriverManager.getConnection(config(port).url(), "postgres", "postgres");
        var st =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ? ORDER BY pid")) {
      st.setString(1, Database.APPLICATION_NAME);
      var pids = new ArrayList<Integer>();
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      return pids;
    }
  }

  @Test
  @SuppressWarnings("try")
  void statementsShareKeptConnectionsAndClosingTheStoreEndsThem() throws Exception {
    int port = freePort();
    try (var pg = start(dir.resolve("pg"), port)) {
      var store = AuditStore.open(config(port));
      store.write(Decisions.cycle(20, 1, Decisions.NOW));
      for (int i = 0; i < 100; i++) {
        assertThat(store.count()).isEqualTo(20);
      }
      var kept = storeBackends(port);
      assertThat(kept).as("one after another, the statements share one server process").hasSize(1);
      for (int i = 0; i < 100; i++) {
        store.byId("none");
      }
      assertThat(storeBackends(port)).as("the same process, not a new one").isEqualTo(kept);

      var pool = Executors.newFixedThreadPool(3 * Database.POOL_SIZE);
      try {
        var counts = new ArrayList<Future<Long>>();
        for (int i = 0; i < 2_000; i++) {
          counts.add(pool.submit(store::count));
        }
        for (var c : counts) {
          assertThat(c.get()).isEqualTo(20);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(storeBackends(port)).hasSizeBetween(1, Database.POOL_SIZE);

      store.close();
      AuditLogOutageTest.waitFor(
          () -> {
            try {
              return storeBackends(port).isEmpty();
            } catch (SQLException e) {
              return false;
            }
          },
          Duration.ofSeconds(10));
      assertThat(storeBackends(port)).as("closed with the store").isEmpty();
      assertThatThrownBy(store::count)
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("audit log at jdbc:postgresql://127.0.0.1:" + port)
          .hasMessageNotContaining("password");
    }
  }

  @Test
  void nothingIsLostWhenTheDatabaseStopsAndStartsMidRun() throws Exception {
    int port = freePort();
    Path data = dir.resolve("pg");
    var pg = start(data, port);
    var store = AuditStore.open(config(port));
    try (var log = new AsyncAuditLog(store, 64)) {
      Decisions.cycle(200, 1, Decisions.NOW).forEach(log::onDecision);
      assertThat(log.flush(Duration.ofSeconds(30))).isTrue();

      pg.close(); // the database goes away
      for (int cycle = 2; cycle <= 6; cycle++) {
        Decisions.cycle(200, cycle, Decisions.NOW.plusSeconds(cycle)).forEach(log::onDecision);
      }
      assertThat(log.flush(Duration.ofSeconds(2))).as("cannot commit while it is down").isFalse();
      assertThat(log.pending()).isPositive();
      assertThat(log.lastError()).isNotNull().doesNotContain("password=postgres");
      var down = log.health();
      assertThat(down.ok()).isFalse();
      assertThat(down.failingSince()).isNotNull();
      assertThat(down.lastError()).startsWith("audit log at jdbc:postgresql://127.0.0.1:" + port);

      pg = start(data, port); // and comes back
      assertThat(log.flush(Duration.ofSeconds(60))).isTrue();
      assertThat(log.failures()).isPositive();
      assertThat(log.lastError()).isNull();
      assertThat(log.health().failingSince()).isNull();
      assertThat(log.health().dropped()).isZero();
    } finally {
      assertThat(store.count()).isEqualTo(1200);
      pg.close();
    }
  }
}
