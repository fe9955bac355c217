package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.SeededActions;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
  static final String TOKEN = "s3cret-token-for-tests";
  static final Path EXAMPLE = Path.of("..", "examples", "deploy-rush.json");
  static @TempDir Path dir;
  static ApiServer server;
  static LiveState state;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    var snapshot = ContextFormat.read(EXAMPLE);
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var metrics = new ServiceMetrics(() -> state);
    var decisions = engine.decide(snapshot, 42);
    decisions.forEach(metrics::onDecision);
    state = new FixedState(snapshot, decisions, Instant.now(), null, true, INSIGHTS);
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
    store.write(decisions);
    SeededActions.seed(store, snapshot.now());
    var options =
        new ApiServer.Options(
            "127.0.0.1", 0, BearerAuth.required(TOKEN), false, 64 * 1024, Duration.ofMinutes(5));
    server = new ApiServer(options, () -> state, engine, store, metrics, null).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return call(server.port(), method, path, token, body);
  }

  /** Bodies past this many characters are sent after the server agrees (Expect: 100-continue). */
  static final int LARGE_BODY = 64 * 1024;

  /** {@code method path} on a server on loopback at {@code port}, with the token unless empty. */
  static HttpResponse<String> call(int port, String method, String path, String token, String body)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body.length() > LARGE_BODY) {
      // a body the server may refuse on its length: asking first hears the refusal, where
      // sending at once may see the connection closed before the answer is read
      b.expectContinue(true);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return call("GET", path, TOKEN, "");
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Documents.JSON.readTree(r.body());
  }

  static String concrete(String path) {
    return path.replace("{id}", state.decisions().get(0).id());
  }

  @Test
  void everyProtectedRouteRefusesAMissingOrWrongTokenWithoutLeakingIt() throws Exception {
    for (var route : ApiServer.routes(false)) {
      if (route.path().equals(HookEndpoint.PATH)) {
        continue; // its own secret, not the API token: see WebhookEndpointTest
      }
      boolean modeSwitch = route.method().equals("POST") && route.path().equals(ModeEndpoint.PATH);
      String body =
          modeSwitch
              ? "{\"mode\": \"advisory\"}"
              : route.method().equals("POST") ? Files.readString(EXAMPLE) : "";
      var none = call(route.method(), concrete(route.path()), "", body);
      var wrong = call(route.method(), concrete(route.path()), "not-" + TOKEN, body);
      var right = call(route.method(), concrete(route.path()), TOKEN, body);
      if (route.open()) {
        assertThat(none.statusCode()).as(route.path()).isIn(200, 503);
      } else {
        assertThat(none.statusCode()).as(route.path()).isEqualTo(401);
        assertThat(wrong.statusCode()).as(route.path()).isEqualTo(401);
        assertThat(json(wrong).get("error").get("message").asText()).doesNotContain(TOKEN);
        assertThat(wrong.body()).doesNotContain(TOKEN);
      }
      if (!route.path().equals("/mcp")) { // MCP needs a session: McpHttpTest drives it
        // this server has no gate to switch: the switch is refused in words
        assertThat(right.statusCode())
            .as(route.path() + " " + right.body())
            .isEqualTo(modeSwitch ? 409 : 200);
      }
    }
  }

  @Test
  void openApiDocumentListsEveryRouteTheServerAnswers() throws Exception {
    var doc = json(get("/api/v1/openapi.json"));
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    var documented = new HashSet<String>();
    doc.get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m + " " + p.getKey())));
    for (var route : ApiServer.routes(false)) {
      assertThat(documented).contains(route.method().toLowerCase(Locale.ROOT) + " " + route.path());
    }
    assertThat(documented).hasSize(ApiServer.routes(false).size());
  }

  @Test
  void queueShowsPriorityFactorsAndAdviceHighestFirst() throws Exception {
    var q = json(get("/api/v1/queue"));
    var first = q.get("jobs").get(0);
    assertThat(first.get("job_id").asLong()).isEqualTo(501);
    assertThat(first.get("priority").get("tier").asText()).isEqualTo("CRITICAL");
    assertThat(first.get("priority").get("factors")).isNotEmpty();
    assertThat(first.get("advice").get("action").asText()).isEqualTo("assign");
    assertThat(first.get("advice").get("explanation").asText()).contains("deploys to production");
  }

  @Test
  void aPageOfTheQueueShowsItsJobsInTheQueuesOrderAndHowManyThereAreInAll() throws Exception {
    var all = json(get("/api/v1/queue")).get("jobs");
    assertThat(all.size()).isGreaterThan(2);

    var page = json(get("/api/v1/queue?offset=1&limit=2"));

    assertThat(page.get("total").asInt()).isEqualTo(all.size());
    assertThat(page.get("jobs")).hasSize(2);
    assertThat(page.get("jobs").get(0)).isEqualTo(all.get(1));
    assertThat(page.get("jobs").get(1)).isEqualTo(all.get(2));
    assertThat(json(get("/api/v1/queue?offset=" + all.size())).get("jobs")).isEmpty();
    assertThat(get("/api/v1/queue?limit=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void fleetShowsLoadHealthZoneAndCarbon() throws Exception {
    var f = json(get("/api/v1/fleet"));
    var r11 = f.get("runners").get(0);
    assertThat(r11.get("id").asLong()).isEqualTo(11);
    assertThat(r11.get("load").asDouble()).isEqualTo(0.5);
    assertThat(r11.get("success_rate").asDouble()).isEqualTo(0.98);
    assertThat(r11.get("zone").asText()).isEqualTo("FR");
    assertThat(r11.get("gco2_per_kwh").asDouble()).isEqualTo(58);
  }

  @Test
  void decisionsAreFilteredAndOneOpensById() throws Exception {
    var all = json(get("/api/v1/decisions"));
    assertThat(all.get("decisions")).hasSize(6);
    var critical = json(get("/api/v1/decisions?tier=CRITICAL"));
    assertThat(critical.get("decisions")).hasSize(1);
    String id = critical.get("decisions").get(0).get("id").asText();
    var one = json(get("/api/v1/decisions/" + id));
    assertThat(one.get("job_id").asLong()).isEqualTo(501);
    assertThat(get("/api/v1/decisions/NOSUCHDECISION").statusCode()).isEqualTo(404);
    var bad = get("/api/v1/decisions?tier=URGENT");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").get("message").asText()).contains("tier");
    assertThat(get("/api/v1/decisions?limit=abc").statusCode()).isEqualTo(400);
    var robot = get("/api/v1/decisions?decided_by=robot");
    assertThat(robot.statusCode()).isEqualTo(400);
    assertThat(json(robot).get("error").get("message").asText())
        .isEqualTo("decided_by must be rules, tie-break, llm or fifo-fallback, but was robot");
    var tieBreaks = json(get("/api/v1/decisions?decided_by=tie-break")).get("decisions");
    assertThat(tieBreaks)
        .isNotEmpty()
        .allMatch(d -> d.get("decided_by").asText().equals("tie-break"));
  }

  @Test
  void actionsAreFilteredNewestFirstAndABadFilterIsNamed() throws Exception {
    var all = json(get("/api/v1/actions"));
    assertThat(all.get("actions")).hasSize(6);
    assertThat(all.get("actions").get(0).get("kind").asText()).isEqualTo("mode");
    assertThat(all.get("actions").get(0).get("asked_by").asText())
        .isEqualTo("POST /api/v1/mode from 10.0.0.5");
    var retry = json(get("/api/v1/actions?job=640&kind=retry")).get("actions");
    assertThat(retry)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("new_job_id").asLong()).isEqualTo(655);
              assertThat(a.get("http_status").asInt()).isEqualTo(201);
              assertThat(a.get("decision_id").asText()).isEqualTo("01DECISION640");
            });
    var dry = json(get("/api/v1/actions?state=dry_run&project=shop/web")).get("actions");
    assertThat(dry)
        .singleElement()
        .satisfies(a -> assertThat(a.get("dry_run").asBoolean()).isTrue());
    var page = json(get("/api/v1/actions?limit=2&offset=4"));
    assertThat(page.get("actions"))
        .extracting(a -> a.get("kind").asText())
        .containsExactly("cancel", "play");
    assertThat(page.get("offset").asInt()).isEqualTo(4);
    var bad = get("/api/v1/actions?kind=replay");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").get("message").asText())
        .isEqualTo("kind must be play, cancel, retry or mode, but was replay");
    var state = get("/api/v1/actions?state=DONE");
    assertThat(json(state).get("error").get("message").asText()).startsWith("state must be sent,");
    assertThat(get("/api/v1/actions?job=abc").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/actions?until=tomorrow").statusCode()).isEqualTo(400);
  }

  @Test
  void decideTakesAContextAndNamesWhatIsWrongWithABadOne() throws Exception {
    var ok = call("POST", "/api/v1/decide", TOKEN, Files.readString(EXAMPLE));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("decisions")).hasSize(6);

    var bad =
        call(
            "POST",
            "/api/v1/decide",
            TOKEN,
            "{\"now\":\"2026-11-28T10:00:00Z\",\"runners\":[{\"id\":1}],\"jobs\":[]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").get("message").asText()).contains("/runners/0/name");

    var garbage = call("POST", "/api/v1/decide", TOKEN, "{not json");
    assertThat(garbage.statusCode()).isEqualTo(400);

    // refused on its Content-Length, unread: a client that asks first hears it before sending
    var huge =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/decide"))
                .header("Authorization", "Bearer " + TOKEN)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(100_000) + "1]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  @Test
  void contextRoundTripsThroughTheContextFormat() throws Exception {
    var ctx = json(get("/api/v1/context"));
    assertThat(ctx.get("format").asText()).isEqualTo("runneriq.context/v1");
    var again = ContextFormat.parse(ctx, "api");
    assertThat(again).isEqualTo(state.snapshot());
  }

  @Test
  void statsCountWaitsPerTierAndDecisionsByDecidedBy() throws Exception {
    var s = json(get("/api/v1/stats"));
    assertThat(s.get("waiting_now").get("CRITICAL").get("jobs").asInt()).isEqualTo(1);
    assertThat(s.get("waiting_now").get("LOW").get("jobs").asInt()).isEqualTo(3);
    assertThat(s.get("last_cycle").get("decided_by").get("rules").asInt()).isPositive();
  }

  @Test
  void statsEstimateEnergyAndCo2OfFinishedJobsFromTheirRunnerAndZone() throws Exception {
    var store = AuditStore.open(StoreConfig.sqlite(dir.resolve("co2.db")));
    var decisions = state.decisions();
    store.write(decisions);
    Instant now = state.snapshot().now();
    // runner 11: FR (58 g/kWh), 120 W; runner 15: DE (380 g/kWh), 120 W; runner 99: not in the
    // fleet
    store.recordOutcome(
        new JobOutcome(decisions.get(0).jobId(), 11L, "success", null, now.minusSeconds(1800), now),
        now);
    store.recordOutcome(
        new JobOutcome(decisions.get(1).jobId(), 15L, "success", null, now.minusSeconds(7200), now),
        now);
    store.recordOutcome(
        new JobOutcome(decisions.get(2).jobId(), 99L, "failed", null, now.minusSeconds(600), now),
        now);
    store.recordOutcome(
        new JobOutcome(decisions.get(3).jobId(), 11L, "running", null, now, null), now);
    var options =
        new ApiServer.Options(
            "127.0.0.1", 0, BearerAuth.required(TOKEN), false, 64 * 1024, Duration.ofMinutes(5));
    var engine = Engine.standard(EngineConfig.DEFAULT);
    try (var other =
        new ApiServer(options, () -> state, engine, store, new ServiceMetrics(() -> state), null)
            .start()) {
      var r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + other.port() + "/api/v1/stats"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var co2 = json(r).get("waited").get("24h").get("co2");
      assertThat(co2.get("jobs_finished").asInt()).isEqualTo(3);
      assertThat(co2.get("jobs_estimated").asInt()).isEqualTo(2);
      assertThat(co2.get("without_carbon_data").asInt()).isEqualTo(1);
      // 120 W for 0.5 h and for 2 h: 0.06 + 0.24 kWh; 0.06 * 58 + 0.24 * 380 g = 94.68 g
      assertThat(co2.get("energy_kwh").asDouble()).isEqualTo(0.3);
      assertThat(co2.get("co2_kg").asDouble()).isEqualTo(0.0947);
    }
  }

  @Test
  void healthIsOpenAndReadinessSaysWhatIsWrong() throws Exception {
    var alive = call("GET", "/healthz", "", "");
    assertThat(json(alive).get("alive").asBoolean()).isTrue();
    var ready = call("GET", "/readyz", "", "");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("checks").get("store").get("ok").asBoolean()).isTrue();
  }

  @Test
  void theQueueNamesWhatThePollSkippedAndReadinessCountsItAndStaysReady() throws Exception {
    var fixed = state;
    state =
        new LiveState() {
          @Override
          public dev.runneriq.core.model.Snapshot snapshot() {
            return fixed.snapshot();
          }

          @Override
          public java.util.List<dev.runneriq.core.decision.Decision> decisions() {
            return fixed.decisions();
          }

          @Override
          public Instant refreshedAt() {
            return fixed.refreshedAt();
          }

          @Override
          public String staleReason() {
            return null;
          }

          @Override
          public boolean gitlabReachable() {
            return true;
          }

          @Override
          public java.util.List<String> gitlabSkipped() {
            return java.util.List.of("project shop/legacy skipped: GitLab answered 404");
          }
        };
    try {
      var ready = call("GET", "/readyz", "", "");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(json(ready).get("checks").get("gitlab").get("detail").asText())
          .startsWith("reachable; 1 left out of the last poll")
          .doesNotContain("shop/legacy");
      assertThat(json(get("/api/v1/queue")).get("skipped").get(0).asText()).contains("shop/legacy");
    } finally {
      state = fixed;
    }
  }

  @Test
  void unknownRoutesAnswerJson() throws Exception {
    var r = get("/api/v1/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").get("message").asText()).contains("/api/v1/nope");
  }

  /** What the Optimizer found: one runner failing by its own fault, one damped project. */
  static final Insights INSIGHTS =
      new Insights(
          120,
          80,
          0.98,
          List.of(
              new Insights.RunnerInsight(
                  11, "shared-docker-1", 40, 0.81, 1.0, List.of("unhealthy")),
              new Insights.RunnerInsight(12, "shared-docker-2", 35, 0.98, 1.3, List.of("slow"))),
          List.of(
              new dev.runneriq.optimizer.Honesty.Flag(
                  "shop/rush", "hotfix", 0.86, 0.0, 14, -15, "86% of …", false)));

  @Test
  void theOptimizersFindingsAreServedAndCarriedInTheMetrics() throws Exception {
    var insights = json(get("/api/v1/insights"));
    assertThat(insights.get("learned_from").asLong()).isEqualTo(120);
    assertThat(insights.get("runners").get(0).get("flags").get(0).asText()).isEqualTo("unhealthy");
    assertThat(insights.get("calibration").get(0).get("points").asInt()).isEqualTo(-15);

    var samples = PrometheusText.parse(get("/metrics").body());
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("runneriq_runner_success_rate");
              assertThat(s.labels())
                  .containsEntry("id", "11")
                  .containsEntry("runner", "shared-docker-1");
              assertThat(s.value()).isEqualTo(0.81);
            })
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("runneriq_runner_flagged");
              assertThat(s.labels()).containsEntry("id", "12").containsEntry("flag", "slow");
              assertThat(s.value()).isEqualTo(1);
            })
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("runneriq_project_calibration_points");
              assertThat(s.labels()).containsEntry("project", "shop/rush");
              assertThat(s.value()).isEqualTo(-15);
            })
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("runneriq_optimizer_learned_jobs_total");
              assertThat(s.value()).isEqualTo(120);
            });
    assertThat(samples)
        .noneMatch(
            s ->
                s.name().equals("runneriq_runner_flagged")
                    && "11".equals(s.labels().get("id"))
                    && "slow".equals(s.labels().get("flag"))
                    && s.value() != 0);
  }

  @Test
  void metricsParseAsPrometheusTextAndCarryTheDecisions() throws Exception {
    var r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    var samples = PrometheusText.parse(r.body());
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("runneriq_decisions_total");
              assertThat(s.labels()).containsEntry("decided_by", "rules");
            });
    assertThat(samples)
        .anyMatch(
            s ->
                s.name().equals("runneriq_queue_jobs")
                    && "CRITICAL".equals(s.labels().get("tier"))
                    && s.value() == 1);
    assertThat(samples)
        .anyMatch(
            s ->
                s.name().equals("runneriq_carbon_intensity_gco2_per_kwh")
                    && "FR".equals(s.labels().get("zone")));
    assertThat(samples).anyMatch(s -> s.name().startsWith("runneriq_engine_cycle_seconds"));
    PrometheusText.checkWithPromtool(r.body());
  }

  @Test
  void dashboardTakesTheTokenOnceAndKeepsItInACookie() throws Exception {
    var withoutToken = call("GET", "/", "", "");
    assertThat(withoutToken.statusCode()).isEqualTo(401);
    var first = call("GET", "/?token=" + TOKEN, "", "");
    assertThat(first.statusCode())
        .as("to the bare dashboard: see SecurityHeadersTest")
        .isEqualTo(303);
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly");
    var req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/queue"))
            .header("Cookie", cookie.split(";")[0])
            .build();
    assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
