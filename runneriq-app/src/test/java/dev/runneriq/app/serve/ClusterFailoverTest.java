package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.GateKillTest.API_TOKEN;
import static dev.runneriq.app.serve.GateKillTest.FLOOR;
import static dev.runneriq.app.serve.GateKillTest.HOOK_SECRET;
import static dev.runneriq.app.serve.GateKillTest.TOKEN;
import static dev.runneriq.app.serve.GateKillTest.plays;
import static dev.runneriq.app.serve.ServeEndToEndTest.decidedJobs;
import static dev.runneriq.app.serve.ServeEndToEndTest.freePort;
import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.testing.Fixtures;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code runneriq serve} processes in gate mode on one PostgreSQL store, in front of the
 * simulated GitLab on the real clock, its webhooks sent to one replica that never leads: one
 * replica leads and plays, the others serve its state; the leader killed with SIGKILL, a follower
 * leads within 15 s; every job that became pending is decided, every webhook GitLab delivered is
 * kept and applied, and no job is played twice.
 */
class ClusterFailoverTest {
  @TempDir Path dir;

  /** How long new pipelines keep coming. */
  static final int WORK_S = 60;

  record Replica(String name, int port, Process process, Path log) {}

  @Test
  void aFollowerLeadsWithin15sOfTheLeadersSigkillAndNothingIsLostOrPlayedTwice() throws Exception {
    try (var pg = EmbeddedPostgres.builder().start()) {
      var store =
          new StoreConfig(
              "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "postgres");
      Instant t0 = Instant.now().plusSeconds(12); // the three processes start meanwhile
      var kit = new GateKillTest();
      var p = new ArrayList<TracePipeline>();
      // a minute of work on one runner of one slot: lints every 3 s, a deploy every 12 s
      for (int i = 0; i < WORK_S; i += 3) {
        p.add(kit.pipeline(t0.plusSeconds(i), GateKillTest.lint("shop/web"), 1.5));
        if (i % 12 == 3) {
          p.add(kit.pipeline(t0.plusSeconds(i), GateKillTest.deploy(), 1.5));
        }
      }
      var trace = new Trace("cluster-failover-test", p);
      Runner runner = Fixtures.runner(1).tags("docker").slots(1, 0).build();
      var live =
          LiveSim.gated(
              trace,
              List.of(runner),
              Bundled.carbon(),
              LiveSim.Gate.everyProject(new GateModel(0, Duration.ZERO, FLOOR, FLOOR, null, null)),
              1);
      var ports = List.of(freePort(), freePort(), freePort());
      var clock = new SimClock(t0, 1);
      var replicas = new ArrayList<Replica>();
      try {
        run(store, t0, trace, live, ports, clock, replicas);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n" + logs(replicas), e);
      } finally {
        for (var r : replicas) {
          r.process().destroyForcibly();
          r.process().waitFor();
        }
      }
    }
  }

  void run(
      StoreConfig store,
      Instant t0,
      Trace trace,
      LiveSim live,
      List<Integer> ports,
      SimClock clock,
      List<Replica> replicas)
      throws Exception {
    var names = List.of("replica-a", "replica-b", "replica-c");
    // GitLab's hooks go to replica-c, which is started last so that it follows
    var hookUrl = URI.create("http://127.0.0.1:" + ports.get(2) + "/hooks/gitlab");
    try (var gitlab =
        new SimGitLab(
                new SimGitLab.Options(live, trace, clock, TOKEN, hookUrl, HOOK_SECRET, freePort()))
            .start()) {
      for (int i = 0; i < 3; i++) {
        replicas.add(start(names.get(i), ports.get(i), gitlab.url(), store));
        if (i == 0) {
          waitFor(() -> "leader".equals(role(ports.get(0))), Duration.ofSeconds(30));
        }
      }
      for (int port : ports) {
        waitFor(() -> role(port) != null, Duration.ofSeconds(60));
      }
      assertThat(role(ports.get(1))).isEqualTo("follower");
      assertThat(role(ports.get(2))).isEqualTo("follower");

      // the followers serve what the leader decided, and say who leads
      waitFor(() -> queued(ports.get(2)) > 0, Duration.ofSeconds(40));
      var cluster = json(ports.get(2), "/api/v1/cluster");
      assertThat(cluster.at("/leader/instance").asText()).isEqualTo("replica-a");
      assertThat(cluster.get("members")).hasSize(3);
      var ready = json(ports.get(1), "/readyz");
      assertThat(ready.at("/checks/cluster/detail").asText()).contains("follows replica-a");
      assertThat(get(ports.get(1), "/metrics")).contains("runneriq_cluster_leader 0.0");
      assertThat(get(ports.get(0), "/metrics")).contains("runneriq_cluster_leader 1.0");

      // kill -9 the leader mid-run, once it has played something
      waitFor(() -> !plays(gitlab).isEmpty(), Duration.ofSeconds(40));
      waitUntil(t0.plusSeconds(20));
      var leader = replicas.get(0);
      leader.process().destroyForcibly();
      leader.process().waitFor();
      long killed = System.nanoTime();
      int playedBefore = plays(gitlab).values().stream().mapToInt(Integer::intValue).sum();
      waitFor(
          () -> "leader".equals(role(ports.get(1))) || "leader".equals(role(ports.get(2))),
          Duration.ofSeconds(15));
      var failover = Duration.ofNanos(System.nanoTime() - killed);
      System.out.println(
          "ClusterFailoverTest: a follower led " + failover.toMillis() + " ms after");
      assertThat(failover)
          .as("a follower leads after the SIGKILL")
          .isLessThan(Duration.ofSeconds(15));

      // the rest of the run under the new leader, which plays too
      waitFor(
          () -> plays(gitlab).values().stream().mapToInt(Integer::intValue).sum() > playedBefore,
          Duration.ofSeconds(40));
      waitUntil(t0.plusSeconds(WORK_S).plus(FLOOR).plusSeconds(8));
      live.advanceTo(clock.instant());
      try (var check = new Checks(store)) {
        waitFor(() -> check.unhandledHooks() == 0, Duration.ofSeconds(20));
        var all = plays(gitlab);
        assertThat(all.values()).as("no job played twice").allMatch(n -> n == 1);
        assertThat(all.values().stream().mapToInt(Integer::intValue).sum())
            .as("the new leader played too")
            .isGreaterThan(playedBefore);
        assertThat(check.keptHooks())
            .as("every webhook GitLab delivered (answered 2xx) is kept")
            .isEqualTo(gitlab.hooksDelivered());
        assertThat(gitlab.hooksDelivered()).isPositive();

        var expected = new HashSet<Long>();
        live.becamePending(t0, live.now()).forEach(s -> expected.add(s.job().spec().id()));
        assertThat(expected).hasSizeGreaterThan(15);
        var audit = AuditStore.open(store);
        waitFor(() -> decidedJobs(audit).containsAll(expected), Duration.ofSeconds(20));
        var missing = new HashSet<>(expected);
        missing.removeAll(decidedJobs(audit));
        assertThat(missing).as("jobs that became pending without a decision").isEmpty();
      }

      // a leader stopped with SIGTERM gives the lease up as it goes: the last replica leads at once
      int leading = "leader".equals(role(ports.get(1))) ? 1 : 2;
      int last = 3 - leading;
      var stopping = replicas.get(leading).process();
      stopping.destroy();
      long stopped = System.nanoTime();
      waitFor(() -> "leader".equals(role(ports.get(last))), Duration.ofSeconds(10));
      System.out.println(
          "ClusterFailoverTest: after a SIGTERM the last replica led "
              + Duration.ofNanos(System.nanoTime() - stopped).toMillis()
              + " ms after");
      assertThat(stopping.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  Replica start(String name, int port, URI gitlab, StoreConfig store) throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(
        config,
        GateKillTest.gateConfig(
            gitlab, "url: " + store.url() + "\n  user: postgres", port, "  instance: " + name));
    Path log = dir.resolve(name + ".log");
    var process =
        GateKillTest.serveProcess(config, log, Map.of("RUNNERIQ_STORE_PASSWORD", "postgres"));
    return new Replica(name, port, process, log);
  }

  /** {@code leader} or {@code follower}, or null while the replica does not answer. */
  static @Nullable String role(int port) {
    try {
      return json(port, "/api/v1/cluster").path("role").asText(null);
    } catch (Exception e) {
      return null;
    }
  }

  static int queued(int port) {
    try {
      return json(port, "/api/v1/queue").path("jobs").size();
    } catch (Exception e) {
      return 0;
    }
  }

  static JsonNode json(int port, String path) throws Exception {
    return Documents.JSON.readTree(get(port, path));
  }

  static String get(int port, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + API_TOKEN)
            .timeout(Duration.ofSeconds(5))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  static void waitUntil(Instant t) throws InterruptedException {
    GateKillTest.waitUntil(t);
  }

  static String logs(List<Replica> replicas) throws Exception {
    var out = new StringBuilder();
    for (var r : replicas) {
      out.append("--- ").append(r.name()).append('\n').append(Files.readString(r.log()));
    }
    return out.toString();
  }

  /** Reads the inbox straight from the database. */
  static final class Checks implements AutoCloseable {
    private final java.sql.Connection c;

    Checks(StoreConfig store) throws SQLException {
      c = java.sql.DriverManager.getConnection(store.url(), store.user(), store.password());
    }

    long keptHooks() {
      return count("SELECT COUNT(*) FROM hook_inbox");
    }

    long unhandledHooks() {
      return count("SELECT COUNT(*) FROM hook_inbox WHERE handled_at_ms IS NULL");
    }

    private long count(String sql) {
      try (var st = c.createStatement();
          var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws SQLException {
      c.close();
    }
  }
}
