package dev.runneriq.sim.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.runneriq.gitlab.ClientFields;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.SchemaCheck;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.gitlab.model.GlProtectedRef;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlRunnerManager;
import dev.runneriq.gitlab.model.GlView;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookHandler;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.gitlab.webhook.WebhookResult;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated GitLab against RunnerIQ's own client and GitLab's response schemas, and its Job
 * Hooks against the webhook receiver.
 */
class SimGitLabTest {
  static final String TOKEN = "glpat-sim-admin";
  static final String HOOK_SECRET = "sim-hook-secret";
  static LiveSim live;
  static SimGitLab gitlab;
  static HttpServer hookSink;
  static final List<WebhookResult> hookResults = new CopyOnWriteArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();

  static dev.runneriq.formats.Trace trace;

  @BeforeAll
  static void start() throws Exception {
    var receiver =
        new WebhookReceiver(
            WebhookConfig.of(Secret.of(HOOK_SECRET)), new JobStateStore(), WebhookHandler.NONE);
    hookSink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hookSink.createContext(
        "/hooks/gitlab",
        ex -> {
          try (ex) {
            var result =
                receiver.receive(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
            hookResults.add(result);
            ex.sendResponseHeaders(result.statusCode(), -1);
          }
        });
    hookSink.start();
    trace = WorkloadPresets.generate("busy-day", 7);
    live = new LiveSim(trace, Bundled.fleet(), Bundled.carbon(), "fair", 7);
    // 10:00 on the preset's working day, at 60x: a busy queue from the first request on
    var clock = new SimClock(WorkloadPresets.DAY.plus(Duration.ofHours(10)), 60);
    gitlab =
        new SimGitLab(
                new SimGitLab.Options(
                    live,
                    trace,
                    clock,
                    TOKEN,
                    URI.create(
                        "http://127.0.0.1:" + hookSink.getAddress().getPort() + "/hooks/gitlab"),
                    HOOK_SECRET,
                    0))
            .start();
  }

  @AfterAll
  static void stop() {
    gitlab.close();
    hookSink.stop(0);
  }

  static GitLabClient client(String token) {
    return new GitLabClient(
        GitLabConfig.builder(gitlab.url(), Secret.of(token))
            .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
            .requestsPerSecond(1000)
            .build());
  }

  static JsonNode get(String path) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(gitlab.url() + path))
                .header("PRIVATE-TOKEN", TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return GitLabJson.MAPPER.readTree(r.body());
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<String> problems(String schema, JsonNode value) {
    return SchemaCheck.problems(schema, value, Set.of());
  }

  @Test
  void theClientReadsTheWholeFleetAndQueueAsAnAdministrator() {
    var c = client(TOKEN);
    var runners = c.runners();
    assertThat(runners.instanceWide()).isTrue();
    assertThat(runners.runners()).hasSize(25);
    var gpu = c.runner(20);
    assertThat(gpu.tagList()).contains("gpu");
    assertThat(gpu.runUntagged()).isFalse();
    assertThat(c.runner(22).accessLevel()).isEqualTo("ref_protected");
    assertThat(c.runner(25).projects()).extracting(p -> p.path()).containsExactly("shop/web");
    assertThat(c.runnerManagers(1)).hasSize(1);

    var projects = c.projects(ScopeConfig.everything());
    assertThat(projects).isNotEmpty();
    // the world runs at 60x: a moment with every job placed passes within seconds
    var pending = c.pendingJobsInstanceWide();
    for (int i = 0; i < 60 && pending.isEmpty(); i++) {
      sleep(Duration.ofMillis(500));
      pending = c.pendingJobsInstanceWide();
    }
    var perProject =
        projects.stream()
            .flatMap(p -> c.pendingAndRunningJobs(p.path()).stream())
            .filter(j -> j.status().equals("pending"))
            .count();
    assertThat(pending).isNotEmpty();
    assertThat(perProject).isPositive();
    long running = 0;
    for (var r : runners.runners()) {
      var jobs = c.runningJobs(r.id());
      assertThat(jobs).allSatisfy(j -> assertThat(j.runner().id()).isEqualTo(r.id()));
      assertThat(jobs.size()).isLessThanOrEqualTo(4);
      running += jobs.size();
    }
    assertThat(running).as("runners take jobs as the clock runs").isPositive();
    var job = pending.get(0);
    var one = c.job(job.projectPath(), job.id());
    assertThat(one.tagList()).isEqualTo(job.tags());
    assertThat(c.pipeline(job.projectPath(), job.pipelineId()).source())
        .isEqualTo(job.pipelineSource());
    assertThat(c.project(job.projectPath()).defaultBranch()).isNotBlank();
  }

  static HttpResponse<String> graphQl(String query) throws Exception {
    var body = GitLabJson.MAPPER.createObjectNode().put("query", query);
    body.putObject("variables");
    return http.send(
        HttpRequest.newBuilder(URI.create(gitlab.url() + "/api/graphql"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theCiLintApiGivesAPipelinesJobsAsTheMergedConfigurationAtItsCommit() {
    var c = client(TOKEN);
    var pipeline = trace.pipelines().get(0);
    String project = pipeline.pipeline().project();

    String yaml = c.mergedCiConfig(project, Shapes.sha(pipeline.id()));

    assertThat(yaml).startsWith("---\n");
    for (var job : pipeline.jobs()) {
      assertThat(yaml).contains(":" + job.spec().name() + ":\n");
    }
    assertThatThrownBy(() -> c.mergedCiConfig(project, "0".repeat(40)))
        .isInstanceOf(GitLabApiException.class)
        .satisfies(e -> assertThat(((GitLabApiException) e).notFoundOrForbidden()).isTrue());
  }

  @Test
  void aQueryForAFieldItsTypeLacksGetsGitLabsErrorAndNoJobs() throws Exception {
    // RunnerIQ's query before GitLab typed CiJob.pipeline as PipelineInterface, which has no source
    var r =
        graphQl(
            """
            query($after: String) {
              jobs(statuses: [PENDING], first: 100, after: $after) {
                pageInfo { hasNextPage endCursor }
                nodes { id pipeline { id source user { username } } project { fullPath } }
              }
            }
            """);

    assertThat(r.statusCode()).as("GitLab answers query errors with 200").isEqualTo(200);
    var answer = GitLabJson.MAPPER.readTree(r.body());
    assertThat(answer.has("data")).isFalse();
    var error = answer.path("errors").get(0);
    assertThat(error.path("message").asText())
        .isEqualTo("Field 'source' doesn't exist on type 'PipelineInterface'");
    assertThat(error.path("extensions").path("code").asText()).isEqualTo("undefinedField");
    assertThat(error.path("path").toString())
        .isEqualTo("[\"query\",\"jobs\",\"nodes\",\"pipeline\",\"source\"]");
    assertThat(error.path("locations").get(0).path("line").asInt()).isEqualTo(4);
  }

  @Test
  void aPipelinesSourceIsReadThroughAFragmentOnPipeline() throws Exception {
    var r =
        graphQl(
            """
            { jobs(statuses: [PENDING, RUNNING], first: 2) {
                nodes { id createdByTag pipeline { id ... on Pipeline { source } } } } }
            """);

    var answer = GitLabJson.MAPPER.readTree(r.body());
    assertThat(answer.has("errors")).as(r.body()).isFalse();
    var nodes = answer.path("data").path("jobs").path("nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes)
        .allSatisfy(
            n -> {
              assertThat(n.path("pipeline").path("source").asText()).isNotEmpty();
              assertThat(n.path("createdByTag").isBoolean()).isTrue();
              assertThat(n.fieldNames())
                  .toIterable()
                  .containsExactly("id", "createdByTag", "pipeline");
            });
  }

  /** Each field the simulated types hold is read by its name: none answers null or an error. */
  @Test
  void everyFieldOfTheSimulatedJobsIsAnswered() throws Exception {
    var r =
        graphQl(
            """
            { jobs(statuses: [PENDING, RUNNING], first: 3) {
                count pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                edges { cursor node { id } }
                nodes { id name status createdAt refName createdByTag tags stage { name }
                  allowFailure active cancelable canPlayJob playable retryable scheduled stuck
                  shortSha webPath
                  pipeline { id iid path user { id username name bot webPath webUrl }
                    project { id fullPath name nameWithNamespace webUrl }
                    ... on Pipeline { sha ref source createdAt updatedAt active cancelable child
                      complete latest retryable stuck totalJobs trigger warnings yamlErrors } }
                  project { id fullPath name nameWithNamespace webUrl } } } }
            """);

    var answer = GitLabJson.MAPPER.readTree(r.body());
    assertThat(answer.has("errors")).as(r.body()).isFalse();
    var jobs = answer.path("data").path("jobs");
    assertThat(jobs.path("nodes")).hasSize(3);
    var nulls = new ArrayList<String>();
    collectNulls(jobs, "jobs", nulls);
    assertThat(nulls).isEmpty();
  }

  static void collectNulls(JsonNode n, String path, List<String> out) {
    if (n.isNull()) {
      out.add(path);
    }
    n.properties().forEach(f -> collectNulls(f.getValue(), path + "." + f.getKey(), out));
    for (int i = 0; n.isArray() && i < n.size(); i++) {
      collectNulls(n.get(i), path + "[" + i + "]", out);
    }
  }

  @Test
  void responsesMatchGitLabsSchemas() throws Exception {
    for (var r : get("/api/v4/runners/all?per_page=100")) {
      assertThat(problems("runner", r)).isEmpty();
    }
    assertThat(problems("runner", get("/api/v4/runners/1"))).isEmpty();
    for (var m : get("/api/v4/runners/1/managers")) {
      assertThat(problems("runner_manager", m)).isEmpty();
    }
    int checked = 0;
    for (var p : get("/api/v4/projects?per_page=100")) {
      for (var j :
          get(
              "/api/v4/projects/"
                  + p.get("id").asLong()
                  + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100")) {
        assertThat(problems("job", j)).isEmpty();
        assertThat(problems("pipeline_basic", j.get("pipeline"))).isEmpty();
        if (!j.get("runner").isNull()) {
          assertThat(problems("runner", j.get("runner"))).isEmpty();
          assertThat(problems("runner_manager", j.get("runner_manager"))).isEmpty();
        }
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  /** Each answer against the record the client reads it into, and the fixtures' types. */
  @Test
  void answersCarryEveryFieldTheClientReadsInTheFixturesTypes() throws Exception {
    var problems = new ArrayList<String>();
    for (var r : get("/api/v4/runners/all?per_page=100")) {
      problems.addAll(ClientFields.problems(GlRunner.class, r, GlView.Basic.class));
      String runner = "/api/v4/runners/" + r.get("id").asLong();
      problems.addAll(ClientFields.problems(GlRunner.class, get(runner), GlView.Details.class));
      for (var m : get(runner + "/managers")) {
        problems.addAll(ClientFields.problems(GlRunnerManager.class, m, GlView.Basic.class));
      }
    }
    int jobs = 0;
    for (var p : get("/api/v4/projects?per_page=100")) {
      problems.addAll(ClientFields.problems(GlProject.class, p, GlView.Basic.class));
      String project = "/api/v4/projects/" + p.get("id").asLong();
      problems.addAll(ClientFields.problems(GlProject.class, get(project), GlView.Details.class));
      for (var j : get(project + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100")) {
        problems.addAll(ClientFields.problems(GlJob.class, j, GlView.Basic.class));
        jobs++;
      }
      for (var pipeline : get(project + "/pipelines?per_page=100")) {
        problems.addAll(ClientFields.problems(GlPipeline.class, pipeline, GlView.Basic.class));
        var one = get(project + "/pipelines/" + pipeline.get("id").asLong());
        problems.addAll(ClientFields.problems(GlPipeline.class, one, GlView.Details.class));
      }
      for (var d : get(project + "/deployments?per_page=100")) {
        problems.addAll(ClientFields.problems(GlDeployment.class, d, GlView.Basic.class));
      }
      for (var b : get(project + "/protected_branches?per_page=100")) {
        problems.addAll(ClientFields.problems(GlProtectedRef.class, b, GlView.Basic.class));
      }
    }
    assertThat(jobs).isPositive();
    assertThat(problems).isEmpty();
  }

  @Test
  void deploymentsMatchGitLabsSchemaAndTheCreatedOnesAreOfJobsNotRunYet() throws Exception {
    int deployments = 0;
    int created = 0;
    for (var p : get("/api/v4/projects?per_page=100")) {
      String project = "/api/v4/projects/" + p.get("id").asLong();
      for (var d : get(project + "/deployments?per_page=100")) {
        assertThat(problems("deployment", d)).isEmpty();
        assertThat(problems("basic_environment", d.get("environment"))).isEmpty();
        assertThat(problems("job", d.get("deployable"))).isEmpty();
        assertThat(d.path("environment").has("tier")).as("EnvironmentBasic has no tier").isFalse();
        deployments++;
      }
      for (var d : get(project + "/deployments?status=created&per_page=100")) {
        assertThat(d.path("status").asText()).isEqualTo("created");
        assertThat(d.path("deployable").path("status").asText())
            .isIn("created", "pending", "manual");
        created++;
      }
    }
    assertThat(deployments).isPositive();
    assertThat(created).isLessThanOrEqualTo(deployments);
  }

  @Test
  void listingsPageLikeGitLab() throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(gitlab.url() + "/api/v4/runners/all?per_page=10"))
                .header("PRIVATE-TOKEN", TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("x-next-page")).hasValue("2");
    assertThat(r.headers().firstValue("x-total")).hasValue("25");
    assertThat(GitLabJson.MAPPER.readTree(r.body())).hasSize(10);
  }

  @Test
  void projectsPageByKeysetWhenAskedWithANextLinkAndNoTotals() throws Exception {
    var all = get("/api/v4/projects?per_page=100");
    var ids = new java.util.ArrayList<Long>();
    all.forEach(p -> ids.add(p.get("id").asLong()));
    ids.sort(null);
    assertThat(ids.size()).isGreaterThan(3);

    var seen = new java.util.ArrayList<Long>();
    URI next =
        URI.create(
            gitlab.url() + "/api/v4/projects?pagination=keyset&order_by=id&sort=asc&per_page=3");
    int pages = 0;
    while (next != null) {
      var r =
          http.send(
              HttpRequest.newBuilder(next).header("PRIVATE-TOKEN", TOKEN).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-total")).isEmpty();
      var page = GitLabJson.MAPPER.readTree(r.body());
      assertThat(page.size()).isBetween(1, 3);
      page.forEach(p -> seen.add(p.get("id").asLong()));
      var link = r.headers().firstValue("Link");
      next =
          link.map(
                  l -> {
                    assertThat(l).endsWith("; rel=\"next\"").contains("id_after=");
                    return URI.create(l.substring(1, l.indexOf('>')));
                  })
              .orElse(null);
      pages++;
    }
    assertThat(seen).isEqualTo(ids);
    assertThat(pages).isEqualTo((ids.size() + 2) / 3);
    // the client asks for keyset when it lists everything, and follows the links
    assertThat(client(TOKEN).projects(ScopeConfig.everything()))
        .extracting(p -> p.id())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aWrongTokenIsRefused() {
    assertThatThrownBy(() -> client("glpat-wrong").runners())
        .isInstanceOfSatisfying(
            GitLabApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void jobHooksReachTheReceiverWithTheSecretAndParse() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hookResults.size() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(hookResults).hasSizeGreaterThanOrEqualTo(5);
    assertThat(hookResults)
        .allSatisfy(r -> assertThat(r).as(r.toString()).isInstanceOf(WebhookResult.Accepted.class));
  }

  @Test
  void pipelineHooksFollowTheJobsAndParse() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (pipelineHooks().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    var pipelines = pipelineHooks();
    assertThat(pipelines).isNotEmpty();
    assertThat(pipelines)
        .allSatisfy(
            e -> {
              var p = (dev.runneriq.gitlab.webhook.PipelineEvent) e;
              assertThat(p.status()).isIn("pending", "running", "success", "failed");
              assertThat(p.jobs()).isNotEmpty();
            });
  }

  static List<dev.runneriq.gitlab.webhook.WebhookEvent> pipelineHooks() {
    return hookResults.stream()
        .filter(r -> r instanceof WebhookResult.Accepted)
        .map(r -> ((WebhookResult.Accepted) r).event())
        .filter(e -> e.kind().equals("pipeline"))
        .toList();
  }

  @Test
  void aPlayOfAPendingJobIsRefusedAsGitLabRefusesItAndWritesAreRecorded() throws Exception {
    var pending = client(TOKEN).pendingJobsInstanceWide();
    // the world runs at 60x: a moment with every job placed passes within seconds
    for (int i = 0; i < 60 && pending.isEmpty(); i++) {
      sleep(Duration.ofMillis(500));
      pending = client(TOKEN).pendingJobsInstanceWide();
    }
    var job = pending.get(0);
    var r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        gitlab.url()
                            + "/api/v4/projects/"
                            + java.net.URLEncoder.encode(
                                job.projectPath(), java.nio.charset.StandardCharsets.UTF_8)
                            + "/jobs/"
                            + job.id()
                            + "/play"))
                .header("PRIVATE-TOKEN", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("only a scheduled or manual job is playable").isEqualTo(400);
    assertThat(GitLabJson.MAPPER.readTree(r.body()).get("message").asText())
        .isEqualTo("400 Bad request - Unplayable Job");
    var u =
        http.send(
            HttpRequest.newBuilder(URI.create(gitlab.url() + "/api/v4/runners/3"))
                .header("PRIVATE-TOKEN", TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tag_list\":[\"docker\",\"rq-1\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(u.statusCode()).isEqualTo(200);
    assertThat(gitlab.actions())
        .contains("play " + job.id())
        .anyMatch(a -> a.startsWith("update runner 3"));
    assertThat(gitlab.writesReceived()).containsEntry("play", 1);
  }
}
