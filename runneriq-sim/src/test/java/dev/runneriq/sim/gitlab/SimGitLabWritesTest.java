package dev.runneriq.sim.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.SchemaCheck;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.LiveSim;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated GitLab in gate mode takes play, cancel and retry over real HTTP from RunnerIQ's own
 * client, answering as GitLab does (LEVERS.md), with GitLab's refusals and hooks.
 */
class SimGitLabWritesTest {
  static final String TOKEN = "glpat-sim-writes";
  static final String SECRET = "sim-writes-hook-secret";
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /**
   * One runner with one slot, busy 3000 s with an API pipeline's job (1, not held); a push pipeline
   * of shop/web on a feature branch with a lint job (2) and an e2e job (3), both held, and a manual
   * release (4); a push pipeline on shop/web's protected main with a deploy (5), held.
   */
  static final String TRACE =
      """
      {"id": 1, "project": "tools/ci", "ref": "main", "ref_kind": "branch", "source": "api", \
      "created_at": "2026-03-02T09:00:00Z", "stages": ["test"], "jobs": [{"id": 1, \
      "name": "long", "stage": "test", "duration_s": 3000}]}
      {"id": 2, "project": "shop/web", "ref": "feature/x", "ref_kind": "branch", \
      "source": "push", "user": "dev", "created_at": "2026-03-02T09:00:10Z", \
      "stages": ["test"], "jobs": [{"id": 2, "name": "lint", "stage": "test", "duration_s": 60}, \
      {"id": 3, "name": "e2e", "stage": "test", "duration_s": 60}, {"id": 4, "name": "release", \
      "stage": "test", "duration_s": 30, "when": "manual"}]}
      {"id": 3, "project": "shop/web", "ref": "main", "ref_kind": "branch", "protected": true, \
      "default_branch": true, "source": "push", "created_at": "2026-03-02T09:00:10Z", \
      "stages": ["deploy"], "jobs": [{"id": 5, "name": "deploy", "stage": "deploy", \
      "duration_s": 60}]}
      """;

  @TempDir Path dir;

  SimGitLab gitlab;
  HttpServer sink;
  final List<JsonNode> hooks = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.createContext(
        "/hooks",
        ex -> {
          try (ex) {
            hooks.add(GitLabJson.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
          }
        });
    sink.start();
    var trace =
        TraceFormat.parse(new ByteArrayInputStream(TRACE.getBytes(StandardCharsets.UTF_8)), "t");
    var fleetFile =
        Files.writeString(
            dir.resolve("fleet.yaml"), "runners:\n  - {id: 1, name: shared, concurrency: 1}\n");
    var live =
        LiveSim.gated(
            trace,
            FleetFormat.read(fleetFile),
            CarbonSeries.empty(),
            LiveSim.Gate.everyProject(GateModel.DEFAULT),
            1);
    // a clock that all but stands still, a minute in: every job ready, none held past its floor
    var clock = new SimClock(T0.plusSeconds(60), 1e-9);
    var hookUrl = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/hooks");
    gitlab =
        new SimGitLab(new SimGitLab.Options(live, trace, clock, TOKEN, hookUrl, SECRET, 0)).start();
  }

  @AfterEach
  void stop() {
    gitlab.close();
    sink.stop(0);
  }

  GitLabClient client() {
    return new GitLabClient(
        GitLabConfig.builder(gitlab.url(), Secret.of(TOKEN))
            .retry(3, Duration.ofMillis(10), Duration.ofMillis(10))
            .requestsPerSecond(1000)
            .build());
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(gitlab.url() + path))
            .header("PRIVATE-TOKEN", TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static GitLabApiException failure(Runnable call) {
    try {
      call.run();
    } catch (GitLabApiException e) {
      return e;
    }
    throw new AssertionError("expected GitLab to refuse");
  }

  @Test
  void heldJobsAreListedAsScheduledAndAPlayMakesOnePendingAsTheCaller() throws Exception {
    var c = client();
    assertThat(c.scheduledJobs("shop/web")).extracting(GlJob::id).containsExactly(2L, 3L, 5L);
    assertThat(c.scheduledJobs("shop/web")).extracting(GlJob::status).containsOnly("scheduled");
    assertThat(c.pendingAndRunningJobs("shop/web")).isEmpty();

    var played = c.play("shop/web", 2);

    assertThat(played.status()).isEqualTo("pending");
    assertThat(played.user().username()).isEqualTo(SimWrites.CALLER);
    assertThat(c.scheduledJobs("shop/web")).extracting(GlJob::id).containsExactly(3L, 5L);
    var mixed = send("GET", "/api/v4/projects/2/jobs?scope%5B%5D=scheduled&scope%5B%5D=pending");
    assertThat(GitLabJson.MAPPER.readTree(mixed.body()).findValuesAsText("status"))
        .contains("pending", "scheduled");
    assertThat(send("GET", "/api/v4/projects/2/jobs?scope%5B%5D=held").statusCode()).isEqualTo(400);

    var again = failure(() -> c.play("shop/web", 2));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.gitlabMessage()).isEqualTo("400 Bad request - Unplayable Job");
    assertThat(c.play("shop/web", 4).status()).as("a manual job plays").isEqualTo("pending");
    assertThat(gitlab.writesReceived()).containsEntry("play", 3);
    assertThat(gitlab.actions()).containsExactly("play 2", "play 2", "play 4");
  }

  @Test
  void answersMatchGitLabsJobSchema() throws Exception {
    var play = send("POST", "/api/v4/projects/shop%2Fweb/jobs/2/play");
    assertThat(play.statusCode()).isEqualTo(200);
    assertThat(SchemaCheck.problems("job", GitLabJson.MAPPER.readTree(play.body()), Set.of()))
        .isEmpty();
    var cancel = send("POST", "/api/v4/projects/shop%2Fweb/jobs/3/cancel");
    assertThat(cancel.statusCode()).isEqualTo(201);
    assertThat(SchemaCheck.problems("job", GitLabJson.MAPPER.readTree(cancel.body()), Set.of()))
        .isEmpty();
    assertThat(GitLabJson.MAPPER.readTree(cancel.body()).get("status").asText())
        .isEqualTo("canceled");
    var retry = send("POST", "/api/v4/projects/shop%2Fweb/jobs/3/retry");
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(GitLabJson.MAPPER.readTree(retry.body()).get("id").asLong()).isGreaterThan(5);
  }

  @Test
  void cancellingTheRunningJobFreesTheRunnerAndRetryMakesANewJob() {
    var c = client();
    c.play("shop/web", 2);

    var canceled = c.cancel("tools/ci", 1);

    assertThat(canceled.status()).isEqualTo("canceled");
    assertThat(c.job("shop/web", 2).status()).as("GitLab gives it the slot").isEqualTo("running");
    assertThat(c.cancel("tools/ci", 1).status()).as("answered unchanged").isEqualTo("canceled");

    var retried = c.retry("tools/ci", 1);

    assertThat(retried.id()).isGreaterThan(5);
    assertThat(retried.status()).isEqualTo("pending");
    assertThat(c.job("tools/ci", retried.id()).status()).isEqualTo("pending");
    assertThat(c.job("tools/ci", 1).status()).isEqualTo("canceled");
    var twice = failure(() -> c.retry("tools/ci", 1));
    assertThat(twice.status()).isEqualTo(403);
    assertThat(twice.gitlabMessage()).isEqualTo("403 Forbidden - Job is not retryable");
    assertThat(failure(() -> c.retry("shop/web", 3)).status()).as("held").isEqualTo(403);
    assertThat(gitlab.writesReceived()).containsEntry("cancel", 2).containsEntry("retry", 3);
  }

  @Test
  void aReadApiTokenGetsInsufficientScopeOnEveryWrite() throws Exception {
    gitlab.readApiOnly(true);
    var c = client();

    var e = failure(() -> c.play("shop/web", 2));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.gitlabMessage()).contains("insufficient_scope").contains("needs the api scope");
    var raw = GitLabJson.MAPPER.readTree(send("POST", "/api/v4/projects/2/jobs/2/cancel").body());
    assertThat(raw.get("error").asText()).isEqualTo("insufficient_scope");
    assertThat(raw.get("error_description").asText())
        .isEqualTo("The request requires higher privileges than provided by the access token.");
    assertThat(raw.get("scope").asText()).isEqualTo("api");
    assertThat(send("PUT", "/api/v4/runners/1").statusCode()).isEqualTo(403);
    assertThat(c.scheduledJobs("shop/web")).as("reads still work").hasSize(3);
  }

  @Test
  void aCallerWithoutRightsIsForbiddenAndNothingChanges() {
    var c = client();
    gitlab.refuseWrites("shop/web", SimGitLab.Refusal.NOT_DEVELOPER);
    for (Runnable write :
        List.<Runnable>of(
            () -> c.play("shop/web", 2),
            () -> c.cancel("shop/web", 2),
            () -> c.retry("shop/web", 2))) {
      var e = failure(write);
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.gitlabMessage()).isEqualTo("403 Forbidden");
    }
    assertThat(c.job("shop/web", 2).status()).isEqualTo("scheduled");

    gitlab.refuseWrites("shop/web", SimGitLab.Refusal.PROTECTED_REFS);
    assertThat(failure(() -> c.play("shop/web", 5)).status()).as("main").isEqualTo(403);
    assertThat(c.play("shop/web", 2).status()).as("a feature branch").isEqualTo("pending");
    gitlab.refuseWrites("shop/web", null);
    assertThat(c.play("shop/web", 5).status()).isEqualTo("pending");
  }

  @Test
  void hooksFollowTheWritesAndShowHeldJobsOnlyInPipelineHooks() throws Exception {
    var c = client();
    c.play("shop/web", 2);
    c.cancel("tools/ci", 1);

    awaitHooks(h -> h.path("build_id").asLong() == 2 && "running".equals(status(h)));
    var jobHooks = hooks.stream().filter(h -> h.path("object_kind").asText().equals("build"));
    assertThat(jobHooks.map(SimGitLabWritesTest::status).toList())
        .contains("pending", "canceled", "running")
        .doesNotContain("scheduled", "manual");
    var pipeline =
        hooks.stream()
            .filter(h -> h.path("object_kind").asText().equals("pipeline"))
            .filter(h -> h.path("object_attributes").path("id").asLong() == 2)
            .findFirst()
            .orElseThrow();
    var builds = pipeline.get("builds");
    assertThat(build(builds, 2).get("status").asText()).isEqualTo("pending");
    assertThat(build(builds, 3).get("status").asText()).isEqualTo("scheduled");
    assertThat(build(builds, 3).get("when").asText()).isEqualTo("delayed");
    assertThat(build(builds, 3).get("manual").asBoolean()).isTrue();
    assertThat(build(builds, 4).get("status").asText()).isEqualTo("manual");
    assertThat(build(builds, 4).get("when").asText()).isEqualTo("manual");
  }

  static String status(JsonNode hook) {
    return hook.path("build_status").asText();
  }

  static JsonNode build(JsonNode builds, long id) {
    for (var b : builds) {
      if (b.get("id").asLong() == id) {
        return b;
      }
    }
    throw new AssertionError("no build " + id + " in " + builds);
  }

  void awaitHooks(Predicate<JsonNode> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hooks.stream().noneMatch(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(hooks).anyMatch(wanted);
  }
}
