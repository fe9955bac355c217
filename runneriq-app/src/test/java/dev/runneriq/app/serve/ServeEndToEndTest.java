package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.DecisionQuery;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoredDecision;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} against the simulated GitLab at 60x, with the audit log on a real PostgreSQL that
 * is stopped and started in the middle of the run, and a GitLab outage: every job that became
 * pending while it watched has a decision in the log, and outcomes are joined to decisions.
 */
class ServeEndToEndTest {

  @TempDir Path dir;

  static int freePort() throws Exception {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  @Test
  void everyJobThatBecamePendingIsDecidedAndLoggedThroughADatabaseOutage() throws Exception {
    int pgPort = freePort();
    Path data = dir.resolve("pg");
    var pg = postgres(data, pgPort);
    var storeConfig =
        new StoreConfig(
            "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?connectTimeout=2",
            "postgres",
            "postgres");

    var trace = WorkloadPresets.generate("busy-day", 11);
    try (var run =
        SimulatedRun.start(
            trace,
            Bundled.fleet(),
            WorkloadPresets.DAY.plus(Duration.ofHours(10)),
            60,
            11,
            storeConfig,
            0,
            Engine.standard(EngineConfig.DEFAULT),
            Duration.ofMillis(100))) {
      var service = run.service();
      var gitlab = run.gitlab();
      var live = run.live();
      var from = run.from();
      waitFor(() -> service.state().gitlabReachable(), Duration.ofSeconds(20));
      Thread.sleep(6_000);

      pg.close(); // the audit log's database goes away mid-run
      Thread.sleep(5_000);
      assertThat(service.audit().pending()).as("decisions held while it is down").isPositive();
      pg = postgres(data, pgPort);

      gitlab.outage(true); // and GitLab fails for a while
      waitFor(() -> service.state().staleReason() != null, Duration.ofSeconds(15));
      assertThat(service.state().staleReason()).contains("500");
      assertThat(service.state().gitlabReachable()).isFalse();
      gitlab.outage(false);
      waitFor(() -> service.state().staleReason() == null, Duration.ofSeconds(15));
      Thread.sleep(3_000);

      var to = live.now();
      var becamePending = live.becamePending(from, to);
      assertThat(becamePending.size()).isGreaterThan(20);
      var expected = new HashSet<Long>();
      becamePending.forEach(s -> expected.add(s.job().spec().id()));

      var store = service.store();
      waitFor(() -> decidedJobs(store).containsAll(expected), Duration.ofSeconds(40));
      var decided = decidedJobs(store);
      var missing = new HashSet<>(expected);
      missing.removeAll(decided);
      assertThat(missing).as("jobs that became pending without a decision").isEmpty();
      assertThat(service.audit().failures()).as("the outage was noticed").isPositive();
      assertThat(service.audit().lastError()).isNull();
      assertThat(service.cycles()).isGreaterThan(5);

      var joined = all(store).stream().filter(d -> d.outcome() != null).toList();
      assertThat(joined).as("outcomes joined to decisions").isNotEmpty();
      assertThat(joined).allSatisfy(d -> assertThat(d.outcome().jobId()).isEqualTo(d.jobId()));
      assertThat(gitlab.actions()).as("advisory mode changes nothing").isEmpty();
    } finally {
      pg.close();
    }
  }

  static Set<Long> decidedJobs(AuditStore store) {
    var out = new HashSet<Long>();
    all(store).forEach(d -> out.add(d.jobId()));
    return out;
  }

  static List<StoredDecision> all(AuditStore store) {
    var out = new ArrayList<StoredDecision>();
    try {
      for (int offset = 0; ; offset += 10_000) {
        var page =
            store.query(
                new DecisionQuery(null, null, null, null, null, null, null, 10_000, offset));
        out.addAll(page);
        if (page.size() < 10_000) {
          return out;
        }
      }
    } catch (RuntimeException e) {
      return out; // the database is still coming back
    }
  }

  static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
