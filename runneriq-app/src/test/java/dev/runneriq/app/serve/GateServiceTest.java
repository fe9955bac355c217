package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.config.GateConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.Documents;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoredAction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in gate mode in front of the simulated GitLab at 60x, whose every project includes
 * the gate template: what it plays, how it records it, and its safety levers (dry run, the kill
 * switch, a 403, the actuator lease).
 */
class GateServiceTest {
  static final Engine GATE = Engine.standard(EngineConfig.DEFAULT.withMode("gate"));
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  static GateConfig gate(boolean dryRun, String instance) {
    return new GateConfig(dryRun, List.of("**"), List.of(), 1, 6_000, instance);
  }

  static SimulatedRun start(Path db, GateConfig config) {
    return SimulatedRun.start(
        WorkloadPresets.generate("busy-day", 42),
        Bundled.fleet(),
        WorkloadPresets.DAY.plus(Duration.ofHours(13)),
        60,
        42,
        StoreConfig.sqlite(db),
        0,
        GATE,
        Duration.ofMillis(100),
        new SimulatedRun.Gate(GateModel.DEFAULT, config));
  }

  static List<StoredAction> actions(SimulatedRun run, String kind) {
    return run.service()
        .store()
        .actions()
        .query(new ActionQuery(null, null, kind, null, null, null, 10_000, 0));
  }

  /** Requests the simulated GitLab received per job for {@code kind}, from its own record. */
  static Map<Long, Integer> received(SimulatedRun run, String kind) {
    var out = new HashMap<Long, Integer>();
    for (String a : run.gitlab().actions()) {
      if (a.startsWith(kind + " ")) {
        out.merge(Long.parseLong(a.substring(kind.length() + 1)), 1, Integer::sum);
      }
    }
    return out;
  }

  static HttpResponse<String> call(SimulatedRun run, String method, String path, String body)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.service().port() + path))
            .header("Authorization", "Bearer " + run.apiToken())
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode mode(SimulatedRun run) {
    try {
      return Documents.JSON.readTree(call(run, "GET", "/api/v1/mode", "").body());
    } catch (Exception e) {
      throw new AssertionError("GET /api/v1/mode failed", e);
    }
  }

  @Test
  void playsHeldJobsOnceEachRecordingEveryPlayBeforeAndAfterWithItsDecision() throws Exception {
    try (var run = start(dir.resolve("audit.db"), gate(false, "test-a"))) {
      waitFor(() -> run.gitlab().writesReceived().getOrDefault("play", 0) >= 20, seconds(40));
      run.service().audit().flush(seconds(10));
      var plays = actions(run, "play");
      var sent = received(run, "play");
      assertThat(sent.values()).as("no job played twice").allMatch(n -> n == 1);
      // every play GitLab received was recorded before it was sent
      assertThat(plays).extracting(StoredAction::jobId).containsAll(sent.keySet());
      var answered = plays.stream().filter(a -> a.state().wire().equals("done")).toList();
      assertThat(answered).hasSizeGreaterThanOrEqualTo(15);
      for (var a : answered) {
        assertThat(a.httpStatus()).isEqualTo(200);
        assertThat(a.instance()).isEqualTo("test-a");
        assertThat(a.reason()).matches("(CRITICAL|HIGH|MEDIUM|LOW) \\d+: .*");
        assertThat(a.decisionId()).as("linked to its decision").isNotNull();
        assertThat(run.service().store().byId(a.decisionId())).isPresent();
        // GitLab shows the played job run by the RunnerIQ user
        assertThat(run.live().job(a.jobId()).orElseThrow().user()).isEqualTo("runneriq");
      }
      var m = mode(run);
      assertThat(m.get("mode").asText()).isEqualTo("gate");
      assertThat(m.get("acting").asBoolean()).isTrue();
      assertThat(m.get("played").asLong()).isGreaterThanOrEqualTo(answered.size());
      String metrics = call(run, "GET", "/metrics", "").body();
      assertThat(metrics)
          .containsPattern("(?m)^runneriq_gate_on 1\\.0")
          .containsPattern("(?m)^runneriq_gate_acting 1\\.0")
          .containsPattern("(?m)^runneriq_gate_plays_total\\{result=\"done\"} [1-9]")
          .containsPattern("(?m)^runneriq_gate_plays_total\\{result=\"forbidden\"} 0\\.0");
    }
  }

  @Test
  void aDryRunRecordsEachJobItWouldPlayOnceAndSendsNothing() throws Exception {
    try (var run = start(dir.resolve("audit.db"), gate(true, "test-a"))) {
      waitFor(() -> actions(run, "play").size() >= 10, seconds(40));
      Thread.sleep(3_000);
      assertThat(run.gitlab().writesReceived().getOrDefault("play", 0)).isZero();
      var dry = actions(run, "play");
      assertThat(dry).allMatch(a -> a.dryRun() && a.state().wire().equals("dry_run"));
      assertThat(dry.stream().map(StoredAction::jobId).distinct().count()).isEqualTo(dry.size());
      assertThat(mode(run).get("dry_run").asBoolean()).isTrue();
    }
  }

  @Test
  void theKillSwitchStopsThePlaysAtOnceIsRecordedAndOutlivesARestart() throws Exception {
    Path db = dir.resolve("audit.db");
    try (var run = start(db, gate(false, "test-a"))) {
      waitFor(() -> run.gitlab().writesReceived().getOrDefault("play", 0) >= 5, seconds(40));
      var off =
          call(
              run,
              "POST",
              "/api/v1/mode",
              "{\"mode\": \"advisory\", \"reason\": \"incident 4711\"}");
      assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
      int atSwitch = run.gitlab().writesReceived().getOrDefault("play", 0);
      Thread.sleep(5_000);
      // a play already on its way may land; none is sent after it
      assertThat(run.gitlab().writesReceived().getOrDefault("play", 0))
          .isLessThanOrEqualTo(atSwitch + 1);
      var switched = actions(run, "mode");
      assertThat(switched).hasSize(1);
      assertThat(switched.get(0).modeFrom()).isEqualTo("gate");
      assertThat(switched.get(0).modeTo()).isEqualTo("advisory");
      assertThat(switched.get(0).askedBy()).startsWith("POST /api/v1/mode from ");
      assertThat(switched.get(0).reason()).isEqualTo("incident 4711");

      var bad = call(run, "POST", "/api/v1/mode", "{\"mode\": \"route\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains("'mode' must be \\\"gate\\\" or \\\"advisory\\\", but was 'route'");
    }
    try (var again = start(db, gate(false, "test-a"))) {
      waitFor(() -> again.service().state().gitlabReachable(), seconds(20));
      Thread.sleep(3_000);
      assertThat(mode(again).get("mode").asText()).isEqualTo("advisory");
      assertThat(again.gitlab().writesReceived().getOrDefault("play", 0)).isZero();
    }
  }

  @Test
  void aPlayGitLabRefusesIsNamedAndItsJobIsLeftToItsFloor() throws Exception {
    try (var run = start(dir.resolve("audit.db"), gate(false, "test-a"))) {
      run.gitlab().readApiOnly(true);
      waitFor(() -> mode(run).get("forbidden").asLong() >= 3, seconds(40));
      var m = mode(run);
      assertThat(call(run, "GET", "/metrics", "").body())
          .containsPattern("(?m)^runneriq_gate_plays_total\\{result=\"forbidden\"} [1-9]");
      assertThat(m.get("last_forbidden").get(0).get("answer").asText())
          .contains("insufficient_scope")
          .contains("api scope");
      var ready =
          Documents.JSON.readTree(call(run, "GET", "/readyz", "").body()).get("checks").get("gate");
      assertThat(ready.get("ok").asBoolean()).isFalse();
      assertThat(ready.get("required").asBoolean()).isFalse();
      assertThat(ready.get("detail").asText()).contains("403").contains("start at their floor");
      var asked = received(run, "play");
      var refused = actions(run, "play"); // read after: each is recorded before it is sent
      // each refused job was asked for once: never again, and each request was recorded
      assertThat(asked.values()).allMatch(n -> n == 1);
      assertThat(refused).extracting(StoredAction::jobId).containsAll(asked.keySet());
      assertThat(refused)
          .filteredOn(a -> asked.containsKey(a.jobId()))
          .allMatch(a -> a.state().wire().equals("forbidden") && a.httpStatus() == 403);
    }
  }

  @Test
  void aSecondInstanceOnTheSameSqliteFileRefusesToStartAndSaysWhatToUseInstead() throws Exception {
    Path db = dir.resolve("audit.db");
    try (var first = start(db, gate(false, "test-a"))) {
      waitFor(() -> mode(first).get("acting").asBoolean(), seconds(30));
      assertThatThrownBy(() -> start(db, gate(false, "test-b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(db.toString())
          .hasMessageContaining("in use by another runneriq serve: test-a")
          .hasMessageContaining("SQLite serves one instance")
          .hasMessageContaining("PostgreSQL");
      // the first goes on playing, alone
      int before = first.gitlab().writesReceived().getOrDefault("play", 0);
      waitFor(() -> first.gitlab().writesReceived().getOrDefault("play", 0) > before, seconds(40));
      var cluster = Documents.JSON.readTree(call(first, "GET", "/api/v1/cluster", "").body());
      assertThat(cluster.get("role").asText()).isEqualTo("leader");
      assertThat(cluster.get("store").asText()).isEqualTo("sqlite");
    }
    // once it stopped, the file is free for the next
    try (var next = start(db, gate(false, "test-b"))) {
      waitFor(() -> mode(next).get("acting").asBoolean(), seconds(30));
    }
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
