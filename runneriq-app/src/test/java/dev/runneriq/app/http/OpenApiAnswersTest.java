package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.SeededActions;
import dev.runneriq.app.serve.LoopState;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server's real answers, on loopback, against the answer schemas of the OpenAPI document it
 * serves: every JSON route on each example context, the audit log with outcomes and a model's
 * decision, readiness and a stale poll, and the errors. A field renamed in an answer fails.
 */
public class OpenApiAnswersTest {
  static final String TOKEN = "openapi-answers-token";
  static final OpenApiSchemas api = OpenApiSchemas.served();
  static final Engine engine = Engine.standard(EngineConfig.DEFAULT);
  @TempDir Path dir;

  /** A live state of {@code s} with every part the views show: carbon, history, decisions. */
  public static LoopState stateOf(Snapshot s) {
    var history = new java.util.LinkedHashMap<String, List<CarbonReading>>();
    s.carbon()
        .forEach(
            (zone, r) ->
                history.put(
                    zone,
                    List.of(
                        new CarbonReading(
                            r.gco2PerKwh() + 10, r.at().minus(Duration.ofHours(1)), false),
                        r)));
    return new LoopState(
        s,
        engine.decide(s, 42),
        Instant.now(),
        null,
        true,
        List.of(),
        s.carbon().isEmpty() ? null : "static",
        Map.of(),
        history);
  }

  record Server(ApiServer api, AuditStore store) implements AutoCloseable {
    HttpResponse<String> call(String method, String path, String token, String body)
        throws Exception {
      return ApiServerTest.call(api.port(), method, path, token, body);
    }

    @Override
    public void close() {
      api.close();
    }
  }

  Server start(LiveState state, String db) {
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve(db)));
    store.write(state.decisions());
    SeededActions.seed(store, state.snapshot().now());
    var options =
        new ApiServer.Options(
            "127.0.0.1", 0, BearerAuth.required(TOKEN), false, 64 * 1024, Duration.ofMinutes(5));
    var metrics = new ServiceMetrics(() -> state);
    return new Server(
        new ApiServer(options, () -> state, engine, store, metrics, null).start(), store);
  }

  /**
   * Calls {@code method uri} and checks the answer against what the document says of {@code
   * documented} (the path with its template); returns the answer.
   */
  static HttpResponse<String> checked(
      Server server, String method, String documented, String uri, String token, String body)
      throws Exception {
    var r = server.call(method, uri, token, body);
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertThat(api.answerProblems(method, documented, r.statusCode(), type, r.body()))
        .as(method + " " + uri + " answered " + r.statusCode() + ": " + clip(r.body()))
        .isEmpty();
    return r;
  }

  static HttpResponse<String> get(Server server, String documented, String uri) throws Exception {
    return checked(server, "GET", documented, uri, TOKEN, "");
  }

  static String clip(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }

  static Stream<Path> contexts() throws Exception {
    return OpenApiSchemas.exampleContexts().stream();
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void everyJsonRouteAnswersAsDocumentedOnEachExampleContext(Path context) throws Exception {
    var state = stateOf(ContextFormat.read(context));
    try (var server = start(state, "audit.db")) {
      for (var route : ApiServer.routes(false)) {
        if (route.method().equals("GET") && !route.path().equals(McpMount.PATH)) {
          String uri = route.path().replace("{id}", state.decisions().get(0).id());
          var r = get(server, route.path(), uri);
          assertThat(r.statusCode()).as(uri).isEqualTo(200);
        }
      }
      for (var d : state.decisions()) {
        get(server, "/api/v1/decisions/{id}", "/api/v1/decisions/" + d.id());
      }
      var d = state.decisions().get(state.decisions().size() - 1);
      var page =
          get(
              server,
              "/api/v1/decisions",
              "/api/v1/decisions?job="
                  + d.jobId()
                  + "&pipeline="
                  + d.job().pipelineId()
                  + "&project="
                  + d.job().project()
                  + "&tier="
                  + d.priority().tier()
                  + "&decided_by="
                  + d.decidedBy().wire()
                  + "&since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&limit=1&offset=0");
      assertThat(Documents.JSON.readTree(page.body()).get("decisions")).hasSize(1);
      var decided =
          checked(
              server,
              "POST",
              "/api/v1/decide",
              "/api/v1/decide?seed=7",
              TOKEN,
              Files.readString(context));
      assertThat(decided.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theAuditLogsOutcomesAndAModelsDecisionAnswerAsDocumented() throws Exception {
    var base = stateOf(ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
    var first = base.decisions().get(0);
    var byModel =
        new Decision(
            "01LLMDECISION000000000000A",
            first.at(),
            first.mode(),
            first.jobId(),
            first.job(),
            first.priority(),
            first.action(),
            first.runnerId(),
            first.deferUntil(),
            DecidedBy.LLM,
            first.candidates(),
            first.rejections(),
            first.considered(),
            first.explanation(),
            new LlmRecord(
                "anthropic",
                "claude-haiku-4-5",
                first.runnerId(),
                "fewer failures",
                840,
                912,
                41,
                true,
                null),
            null);
    var decisions = new ArrayList<>(base.decisions());
    decisions.add(byModel);
    var state =
        new LoopState(
            base.snapshot(),
            decisions,
            base.refreshedAt(),
            null,
            true,
            List.of(),
            base.carbonProvider(),
            Map.of("PL", "Electricity Maps answered 503"),
            base.carbonHistory());
    try (var server = start(state, "outcomes.db")) {
      Instant now = state.snapshot().now();
      var runner = first.runnerId();
      server.store.recordOutcome(
          new JobOutcome(
              first.jobId(), runner, "success", now.minusSeconds(400), now.minusSeconds(300), now),
          now);
      server.store.recordOutcome(
          new JobOutcome(decisions.get(1).jobId(), 99L, "running", null, now, null), now);
      var one = get(server, "/api/v1/decisions/{id}", "/api/v1/decisions/" + byModel.id());
      var answer = Documents.JSON.readTree(one.body());
      assertThat(answer.at("/llm/model").asText()).isEqualTo("claude-haiku-4-5");
      assertThat(answer.at("/outcome/followed").asBoolean()).isTrue();
      get(server, "/api/v1/decisions", "/api/v1/decisions");
      var stats = get(server, "/api/v1/stats", "/api/v1/stats");
      assertThat(Documents.JSON.readTree(stats.body()).at("/waited/24h/co2/jobs_finished").asInt())
          .isEqualTo(1);
      var fleet = get(server, "/api/v1/fleet", "/api/v1/fleet");
      assertThat(Documents.JSON.readTree(fleet.body()).at("/carbon_problems/PL").asText())
          .contains("503");
      get(server, "/readyz", "/readyz");
    }
  }

  @Test
  void aStalePollAndSkippedProjectsAnswerAsDocumentedAndReadinessFails() throws Exception {
    var base = stateOf(ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
    var state =
        new LoopState(
            base.snapshot(),
            base.decisions(),
            Instant.now().minus(Duration.ofHours(1)),
            "GitLab failed at 2026-11-28T10:15:02Z: GitLab answered 500",
            false,
            List.of("project shop/legacy skipped: GitLab answered 404"),
            null,
            Map.of(),
            Map.of());
    try (var server = start(state, "stale.db")) {
      var queue = Documents.JSON.readTree(get(server, "/api/v1/queue", "/api/v1/queue").body());
      assertThat(queue.get("stale").asText()).contains("500");
      assertThat(queue.get("skipped")).hasSize(1);
      var ready = checked(server, "GET", "/readyz", "/readyz", "", "");
      assertThat(ready.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void errorsAnswerAsDocumented() throws Exception {
    var state = stateOf(ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
    try (var server = start(state, "errors.db")) {
      for (var route : ApiServer.routes(false)) {
        if (!route.open()) {
          String uri = route.path().replace("{id}", state.decisions().get(0).id());
          var r = checked(server, route.method(), route.path(), uri, "wrong", "");
          assertThat(r.statusCode()).as(uri).isEqualTo(401);
        }
      }
      var statuses = new ArrayList<Integer>();
      for (String uri :
          List.of(
              "/api/v1/decisions?tier=URGENT",
              "/api/v1/decisions?decided_by=robot",
              "/api/v1/decisions?limit=abc",
              "/api/v1/decisions?limit=0",
              "/api/v1/decisions?offset=-1",
              "/api/v1/decisions?since=yesterday")) {
        statuses.add(get(server, "/api/v1/decisions", uri).statusCode());
      }
      for (String uri :
          List.of(
              "/api/v1/actions?kind=replay",
              "/api/v1/actions?state=DONE",
              "/api/v1/actions?job=abc",
              "/api/v1/actions?limit=10001")) {
        statuses.add(get(server, "/api/v1/actions", uri).statusCode());
      }
      statuses.add(get(server, "/api/v1/decisions/{id}", "/api/v1/decisions/no-such").statusCode());
      statuses.add(
          get(server, "/api/v1/decisions/{id}", "/api/v1/decisions/NOSUCHDECISION").statusCode());
      for (String body :
          List.of(
              "{not json",
              "{\"now\":\"2026-11-28T10:00:00Z\",\"runners\":[{\"id\":1}],\"jobs\":[]}",
              "[" + "1,".repeat(100_000) + "1]")) {
        statuses.add(
            checked(server, "POST", "/api/v1/decide", "/api/v1/decide", TOKEN, body).statusCode());
      }
      statuses.add(
          checked(server, "POST", "/hooks/gitlab", "/hooks/gitlab", "", "{}").statusCode());
      // a route that does not exist answers the document's default error
      statuses.add(get(server, "/api/v1/queue", "/api/v1/nope").statusCode());
      assertThat(statuses)
          .containsExactly(
              400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 404, 400, 400, 413, 404, 404);
    }
  }

  @Test
  void anAuditLogThatDoesNotAnswerIs503AsDocumented() throws Exception {
    var state = stateOf(ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
    try (var server = start(state, "gone.db")) {
      Files.delete(dir.resolve("gone.db"));
      for (String path : List.of("/api/v1/decisions", "/api/v1/actions", "/api/v1/stats")) {
        assertThat(get(server, path, path).statusCode()).as(path).isEqualTo(503);
      }
      var one =
          get(
              server,
              "/api/v1/decisions/{id}",
              "/api/v1/decisions/" + state.decisions().get(0).id());
      assertThat(one.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aRenamedFieldInARealAnswerFailsItsSchema() throws Exception {
    var state = stateOf(ContextFormat.read(Path.of("..", "examples", "greener-hour.json")));
    try (var server = start(state, "renamed.db")) {
      var cases =
          Map.of(
              "/api/v1/queue", "/jobs/0/priority/factors/0/points",
              "/api/v1/fleet", "/runners/0/gco2_per_kwh",
              "/api/v1/decisions", "/decisions/0/explanation",
              "/api/v1/actions", "/actions/0/asked_by",
              "/api/v1/stats", "/waited/24h/co2/co2_kg",
              "/readyz", "/checks/store/ok",
              "/api/v1/nope", "/error/message");
      for (var c : cases.entrySet()) {
        String documented = c.getKey().equals("/api/v1/nope") ? "/api/v1/queue" : c.getKey();
        var r = get(server, documented, c.getKey());
        var answer = Documents.JSON.readTree(r.body());
        String pointer = c.getValue();
        int cut = pointer.lastIndexOf('/');
        var parent = (ObjectNode) answer.at(pointer.substring(0, cut));
        String field = pointer.substring(cut + 1);
        assertThat(parent.has(field)).as(pointer).isTrue();
        parent.set(field + "_renamed", parent.remove(field));
        var problems =
            api.answerProblems(
                "GET", documented, r.statusCode(), "application/json", answer.toString());
        assertThat(problems)
            .as(c.getKey() + " with " + field + " renamed")
            .anyMatch(p -> p.contains(field + "_renamed"));
      }
    }
  }
}
