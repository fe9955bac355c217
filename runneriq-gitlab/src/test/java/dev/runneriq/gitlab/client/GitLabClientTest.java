package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitLabClientTest {
  static final String TOKEN = "glpat-s3cr3t-t0ken-value";
  static final String RUNNERS = "/api/v4/runners/all?per_page=5";

  FakeGitLab gitlab;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    gitlab = new FakeGitLab();
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  GitLabConfig config(URI url) {
    return GitLabConfig.builder(url, Secret.of(TOKEN))
        .paging(5, 50)
        .retry(3, Duration.ofMillis(100), Duration.ofSeconds(1))
        .requestsPerSecond(1000)
        .build();
  }

  GitLabClient client(GitLabConfig config) {
    var http =
        new GitLabHttp(
            config,
            HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build(),
            waits::add,
            System::nanoTime,
            Clock.systemUTC());
    return new GitLabClient(http);
  }

  GitLabClient client() {
    return client(config(gitlab.url()));
  }

  @Test
  void followsOffsetPagesAndKeepsEveryStatus() {
    gitlab
        .on(
            RUNNERS,
            Reply.json(Fixtures.text("synthetic/rest_runners_all.synthetic.json"))
                .header("x-next-page", "2")
                .header("x-total-pages", "2"))
        .on(
            RUNNERS + "&page=2",
            Reply.json(Fixtures.text("rest_runners_all.gitlab4j.json"))
                .header("x-next-page", "")
                .header("x-total-pages", "2"));

    var list = client().runners();

    assertThat(list.instanceWide()).isTrue();
    assertThat(list.runners())
        .extracting(GlRunner::id)
        .containsExactly(101L, 102L, 203L, 304L, 305L, 1L, 3L, 6L, 8L);
    assertThat(list.runners())
        .extracting(GlRunner::status)
        .contains("never_contacted", "stale", "paused", "offline");
    assertThat(gitlab.calls())
        .allSatisfy(c -> assertThat(c.header("PRIVATE-TOKEN")).isEqualTo(TOKEN));
  }

  @Test
  void olderServersWithoutPausedOrTypeStillGiveBoth() {
    gitlab.on(RUNNERS, Reply.json(Fixtures.text("rest_runners_all.gitlab4j.json")));

    var runners = client().runners().runners();

    assertThat(runners.get(0).type()).isEqualTo("instance_type");
    assertThat(runners.get(2).type()).isEqualTo("project_type");
    assertThat(runners.get(0).isPaused()).isFalse();
    assertThat(runners.get(1).isOnline()).isFalse();
  }

  @Test
  void fallsBackToOwnRunnersWithoutAdministratorRights() {
    gitlab
        .on(RUNNERS, Reply.status(403, "{\"message\":\"403 Forbidden\"}"))
        .on(
            "/api/v4/runners?per_page=5",
            Reply.json(Fixtures.text("synthetic/rest_runners_all.synthetic.json")));

    var list = client().runners();

    assertThat(list.instanceWide()).isFalse();
    assertThat(list.runners()).hasSize(5);
  }

  @Test
  void aForbiddenFallbackNamesEndpointAndMessage() {
    gitlab
        .on(RUNNERS, Reply.status(403, "{\"message\":\"403 Forbidden\"}"))
        .on("/api/v4/runners?per_page=5", Reply.status(401, "{\"message\":\"401 Unauthorized\"}"));

    assertThatThrownBy(() -> client().runners())
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.endpoint()).isEqualTo("GET /api/v4/runners?per_page=5");
              assertThat(e.gitlabMessage()).isEqualTo("401 Unauthorized");
            });
  }

  @Test
  void followsKeysetLinks() {
    String first =
        "/api/v4/projects?membership=true&simple=true&pagination=keyset&order_by=id&sort=asc&per_page=5";
    String second = "/api/v4/projects?id_after=42&membership=true&pagination=keyset&per_page=5";
    gitlab
        .on(
            first,
            Reply.json(
                    "[{\"id\":7,\"path_with_namespace\":\"group/lib\"},{\"id\":42,\"path_with_namespace\":\"group/app\",\"default_branch\":\"main\"}]")
                .header("Link", "<" + gitlab.url() + second + ">; rel=\"next\""))
        .on(second, Reply.json("[{\"id\":50,\"path_with_namespace\":\"other/tool\"}]"));

    var projects = client().projects(ScopeConfig.everything());

    assertThat(projects)
        .extracting(p -> p.path())
        .containsExactly("group/lib", "group/app", "other/tool");
    assertThat(gitlab.calls()).extracting(FakeGitLab.Call::target).containsExactly(first, second);
  }

  @Test
  void readsFinishedJobsBackToAMomentAndStopsThere() {
    String base = "/api/v4/projects/group%2Fapp/jobs?scope%5B%5D=success&scope%5B%5D=failed";
    String first = base + "&per_page=5";
    String second = base + "&page=2&per_page=5";
    String third = base + "&page=3&per_page=5";
    var job =
        (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json("rest_job.gitlab4j.json");
    gitlab
        .on(
            first,
            Reply.json(
                    "["
                        + finished(job, 9, "2026-11-30T10:00:00Z")
                        + ","
                        + finished(job, 8, "2026-11-30T09:00:00Z")
                        + "]")
                .header("Link", "<" + gitlab.url() + second + ">; rel=\"next\""))
        .on(
            second,
            Reply.json(
                    "["
                        + finished(job, 7, "2026-11-29T09:00:00Z")
                        + ","
                        + finished(job, 6, "2026-11-20T09:00:00Z")
                        + "]")
                .header("Link", "<" + gitlab.url() + third + ">; rel=\"next\""));

    var got = client().finishedJobs("group/app", Instant.parse("2026-11-23T00:00:00Z"), 100);
    var capped = client().finishedJobs("group/app", Instant.parse("2026-11-23T00:00:00Z"), 1);

    // job 6 finished before the moment: neither it nor the third page is read
    assertThat(got).extracting(GlJob::id).containsExactly(9L, 8L, 7L);
    assertThat(got.get(0).failureReason()).isEqualTo("script_failure");
    assertThat(got.get(0).duration()).isEqualTo(job.get("duration").asDouble());
    assertThat(capped).extracting(GlJob::id).containsExactly(9L);
    assertThat(gitlab.calls()).extracting(FakeGitLab.Call::target).doesNotContain(third);
  }

  private static String finished(
      com.fasterxml.jackson.databind.node.ObjectNode fixture, long id, String at) {
    var j = fixture.deepCopy();
    j.put("id", id);
    j.put("finished_at", at);
    return j.toString();
  }

  @Test
  void neverFollowsANextLinkToAnotherHost() {
    String first =
        "/api/v4/projects?membership=true&simple=true&pagination=keyset&order_by=id&sort=asc&per_page=5";
    gitlab.on(
        first,
        Reply.json("[{\"id\":7}]")
            .header(
                "Link", "<https://elsewhere.example/api/v4/projects?id_after=7>; rel=\"next\""));

    assertThatThrownBy(() -> client().projects(ScopeConfig.everything()))
        .isInstanceOf(GitLabApiException.class)
        .hasMessageContaining("another host");
    assertThat(gitlab.calls()).hasSize(1);
  }

  @Test
  void waitsAsRetryAfterSaysOn429() {
    gitlab.on(
        RUNNERS,
        Reply.status(429, "{\"message\":\"Retry later\"}").header("Retry-After", "3"),
        Reply.json("[]"));

    assertThat(client().runners().runners()).isEmpty();
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aRetryAfterBeyondTheLimitFailsAtOnce() {
    gitlab.on(RUNNERS, Reply.status(429, "{}").header("Retry-After", "3600"), Reply.json("[]"));

    assertThatThrownBy(() -> client().runners())
        .isInstanceOfSatisfying(
            GitLabApiException.class, e -> assertThat(e.status()).isEqualTo(429));
    assertThat(gitlab.calls()).hasSize(1);
  }

  /**
   * Any run of digits is seconds (capped at a day), so ten digits ask too long a wait; the client
   * used to take more than nine digits as unreadable and retry after the backoff.
   */
  @Test
  void aRetryAfterOfManyDigitsIsSecondsAndFailsAtOnce() {
    gitlab.on(
        RUNNERS, Reply.status(429, "{}").header("Retry-After", "10000000000"), Reply.json("[]"));

    assertThatThrownBy(() -> client().runners())
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.gitlabMessage())
                  .isEqualTo("rate limited; Retry-After PT24H is too long");
            });
    assertThat(gitlab.calls()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void anUnreadableRetryAfterWaitsTheBackoff() {
    gitlab.on(
        RUNNERS,
        Reply.status(429, "{}").header("Retry-After", "+3"),
        Reply.status(429, "{}").header("Retry-After", "soon"),
        Reply.json("[]"));

    assertThat(client().runners().runners()).isEmpty();
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void retriesServerErrorsWithDoublingBackoff() {
    gitlab.on(
        RUNNERS,
        Reply.status(503, "{\"message\":\"503 Service Unavailable\"}"),
        Reply.status(502, "<html>bad gateway</html>"),
        Reply.json(Fixtures.text("synthetic/rest_runners_all.synthetic.json")));

    assertThat(client().runners().runners()).hasSize(5);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    gitlab.on(RUNNERS, Reply.status(500, "{\"message\":\"500 Internal Server Error\"}"));

    assertThatThrownBy(() -> client().runners())
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.gitlabMessage()).isEqualTo("500 Internal Server Error");
            });
    assertThat(gitlab.calls()).hasSize(3);
  }

  @Test
  void doesNotRetryClientErrors() {
    gitlab.on("/api/v4/runners/9", Reply.status(404, "{\"message\":\"404 Runner Not Found\"}"));

    assertThatThrownBy(() -> client().runner(9)).hasMessageContaining("404 Runner Not Found");
    assertThat(gitlab.calls()).hasSize(1);
  }

  @Test
  void timesOutAndRetries() {
    gitlab.on("/api/v4/runners/101", Reply.json("{}").delayed(3_000));
    var config =
        config(gitlab.url()).toBuilder()
            .retry(2, Duration.ofMillis(10), Duration.ofMillis(10))
            .timeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
            .build();

    assertThatThrownBy(() -> client(config).runner(101))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(GitLabApiException.NO_RESPONSE);
              assertThat(e.gitlabMessage()).isEqualTo("timed out");
            });
    assertThat(gitlab.calls()).hasSize(2);
  }

  @Test
  void aRefusedConnectionIsANetworkError() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var config = config(URI.create("http://127.0.0.1:" + port));

    assertThatThrownBy(() -> client(config).runner(1))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e ->
                assertThat(e.gitlabMessage())
                    // the JDK's own words where it has any ("Connection refused"), else ours
                    .isIn("network error: Connection refused", "network error: cannot connect"));
    assertThat(waits).hasSize(2);
  }

  @Test
  void theTokenAppearsInNoErrorAndNoConfig() {
    gitlab.on(RUNNERS, Reply.status(400, "{\"message\":\"bad token " + TOKEN + "\"}"));

    assertThatThrownBy(() -> client().runners())
        .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN).contains("[REDACTED]"));
    assertThat(config(gitlab.url()).toString()).doesNotContain(TOKEN);
  }

  @Test
  void keepsUnknownJobStatusesAsSent() {
    var jobs =
        (com.fasterxml.jackson.databind.node.ArrayNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json");
    var newer =
        (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json("rest_job.gitlab4j.json");
    newer.put("status", "waiting_for_callback");
    jobs.add(newer);
    gitlab.on(
        "/api/v4/projects/group%2Fapp/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=5",
        Reply.json(jobs.toString()));

    var got = client().pendingAndRunningJobs("group/app");

    assertThat(got)
        .extracting(GlJob::status)
        .containsExactly("pending", "running", "waiting_for_callback");
    assertThat(got.get(0).runner()).isNull();
    assertThat(got.get(0).tagList()).containsExactly("docker", "linux");
    assertThat(got.get(1).runner()).isNotNull();
    assertThat(java.util.Objects.requireNonNull(got.get(1).pipeline()).source()).isEqualTo("push");
  }

  @Test
  void readsRunnerDetailsManagersAndRunningJobs() {
    var jobs = Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json");
    gitlab
        .on(
            "/api/v4/runners/101",
            Reply.json(Fixtures.text("synthetic/rest_runner_detail.synthetic.json")))
        .on("/api/v4/runners/6", Reply.json(Fixtures.text("rest_runner_detail.gitlab4j.json")))
        .on(
            "/api/v4/runners/101/managers?per_page=5",
            Reply.json(Fixtures.text("synthetic/rest_runner_managers.synthetic.json")))
        .on(
            "/api/v4/runners/101/jobs?status=running&per_page=5",
            Reply.json("[" + jobs.get(1) + "]"));
    var client = client();

    var detail = client.runner(101);
    var old = client.runner(6);

    assertThat(detail.tagList()).containsExactly("docker", "large", "linux");
    assertThat(detail.runUntagged()).isFalse();
    assertThat(detail.accessLevel()).isEqualTo("not_protected");
    assertThat(detail.maximumTimeout()).isEqualTo(3600L);
    assertThat(old.projects()).extracting(p -> p.path()).containsExactly("gitlab-org/gitlab-ce");
    assertThat(old.accessLevel()).isEqualTo("ref_protected");
    assertThat(old.toString()).doesNotContain("205086a8e3b9a2b818ffac9b89d102");
    assertThat(client.runnerManagers(101))
        .extracting(m -> m.jobExecutionStatus())
        .containsExactly("active", "idle");
    assertThat(client.runningJobs(101)).extracting(GlJob::id).containsExactly(7001L);
  }

  @Test
  void scopeNamesGroupsAndProjectsEachProjectOnce() {
    gitlab
        .on(
            "/api/v4/groups/team%2Fa/projects?include_subgroups=true&simple=true&per_page=5",
            Reply.json(
                "[{\"id\":42,\"path_with_namespace\":\"team/a/app\"},{\"id\":43,\"path_with_namespace\":\"team/a/sub/lib\"}]"))
        .on(
            "/api/v4/projects/42",
            Reply.json(
                "{\"id\":42,\"path_with_namespace\":\"team/a/app\",\"default_branch\":\"main\"}"))
        .on(
            "/api/v4/projects/ops%2Fdeploy",
            Reply.json("{\"id\":9,\"path_with_namespace\":\"ops/deploy\"}"));

    var projects =
        client().projects(new ScopeConfig(List.of("team/a"), List.of("42", "ops/deploy")));

    assertThat(projects)
        .extracting(p -> p.path())
        .containsExactly("team/a/app", "team/a/sub/lib", "ops/deploy");
  }

  @Test
  void readsPipelinesAndProtectedRefs() {
    gitlab
        .on(
            "/api/v4/projects/1/pipelines/46",
            Reply.json(Fixtures.text("rest_pipeline.gitlab4j.json")))
        .on(
            "/api/v4/projects/1/protected_branches?per_page=5",
            Reply.json("[{\"id\":1,\"name\":\"main\"},{\"id\":2,\"name\":\"release-*\"}]"))
        .on("/api/v4/projects/1/protected_tags?per_page=5", Reply.json("[{\"name\":\"v*\"}]"));
    var client = client();

    var pipeline = client.pipeline("1", 46);
    var refs = client.protectedRefs("1");

    assertThat(pipeline.status()).isEqualTo("success");
    assertThat(java.util.Objects.requireNonNull(pipeline.user()).username()).isEqualTo("root");
    assertThat(refs.covers("release-1.2", false)).isTrue();
    assertThat(refs.covers("v2.0.0", true)).isTrue();
    assertThat(refs.covers("v2.0.0", false)).isFalse();
    assertThat(refs.covers("feature/x", false)).isFalse();
  }
}
