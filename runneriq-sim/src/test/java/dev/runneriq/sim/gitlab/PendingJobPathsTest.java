package dev.runneriq.sim.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.core.priority.PriorityPolicy;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.monitor.Monitor;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.workload.Bundled;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One simulated world read both ways RunnerIQ reads pending jobs — instance-wide through GraphQL
 * (an administrator's token, every project) and project by project through REST — by a Monitor
 * started while the jobs already wait and no webhook has arrived: each job must come out the same,
 * with the same priority.
 */
class PendingJobPathsTest {
  static final String TOKEN = "glpat-paths-admin";
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant NOW = T0.plus(Duration.ofMinutes(5));

  /** Jobs that no runner of the default fleet can take, so they wait. */
  static final String TRACE =
      """
      {"id": 501, "project": "shop/web", "ref": "v4.12.1-hotfix.1", "ref_kind": "tag", \
      "protected": true, "source": "push", "created_at": "2026-03-02T09:00:00Z", "user": "dana", \
      "stages": ["build"], "jobs": [{"id": 50101, "name": "build-image", "stage": "build", \
      "tag_list": ["sealed-builder"], "duration_s": 300}]}
      {"id": 502, "project": "shop/web", "ref": "main", "ref_kind": "branch", "protected": true, \
      "default_branch": true, "source": "push", "created_at": "2026-03-02T09:01:00Z", \
      "user": "erin", "stages": ["deploy"], "jobs": [{"id": 50201, "name": "deploy-prod", \
      "stage": "deploy", "tag_list": ["prod-deployer"], "duration_s": 120, \
      "environment": {"name": "production", "tier": "production"}}]}
      {"id": 503, "project": "shop/api", "ref": "deps/jackson-2.22", "ref_kind": "branch", \
      "source": "push", "created_at": "2026-03-02T09:02:00Z", "user": "deps-updater", \
      "user_is_bot": true, "stages": ["test"], "jobs": [{"id": 50301, "name": "unit", \
      "stage": "test", "tag_list": ["sealed-builder"], "duration_s": 200}]}
      """;

  static SimGitLab gitlab;

  @BeforeAll
  static void start() throws Exception {
    Trace trace =
        TraceFormat.parse(
            new ByteArrayInputStream(TRACE.getBytes(StandardCharsets.UTF_8)), "paths trace");
    var live = new LiveSim(trace, Bundled.fleet(), CarbonSeries.empty(), "fair", 7);
    // a clock that all but stands still: the Monitor reads the same instant as GitLab
    var clock = new SimClock(NOW, 1e-9);
    gitlab = new SimGitLab(new SimGitLab.Options(live, trace, clock, TOKEN, null, null, 0)).start();
  }

  @AfterAll
  static void stop() {
    gitlab.close();
  }

  /** The jobs a Monitor, new and without webhooks, sees on its first poll, by id. */
  static Map<Long, PendingJob> firstPoll(ScopeConfig scope, Map<String, Integer> calls) {
    var client =
        new GitLabClient(
            GitLabConfig.builder(gitlab.url(), Secret.of(TOKEN))
                .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
                .requestsPerSecond(1000)
                .build());
    var monitor =
        new Monitor(
            client,
            new Monitor.Settings(scope, ConcurrencyConfig.inferred(), RunnerSites.unknown(), 10),
            new JobStateStore(),
            InstantSource.fixed(NOW),
            (endpoint, ok) -> calls.merge(endpoint, 1, Integer::sum),
            run -> {});
    var view = monitor.refresh();
    assertThat(view.staleReason()).isNull();
    var jobs = new TreeMap<Long, PendingJob>();
    view.snapshot().jobs().forEach(j -> jobs.put(j.id(), j));
    return jobs;
  }

  @Test
  void graphQlAndRestGiveEachPendingJobTheSameFactsAndPriority() {
    var graphQlCalls = new ConcurrentHashMap<String, Integer>();
    var restCalls = new ConcurrentHashMap<String, Integer>();
    var instanceWide = firstPoll(ScopeConfig.everything(), graphQlCalls);
    var perProject =
        firstPoll(new ScopeConfig(List.of(), List.of("shop/web", "shop/api")), restCalls);

    assertThat(graphQlCalls).containsKey("pending_jobs_graphql").doesNotContainKey("project_jobs");
    assertThat(restCalls).containsKey("project_jobs").doesNotContainKey("pending_jobs_graphql");
    assertThat(instanceWide.keySet()).containsExactly(50101L, 50201L, 50301L);
    assertThat(instanceWide).isEqualTo(perProject);
    var analyzer = new Analyzer(PriorityPolicy.DEFAULT);
    for (long id : instanceWide.keySet()) {
      assertThat(analyzer.score(instanceWide.get(id), NOW))
          .as("job " + id)
          .isEqualTo(analyzer.score(perProject.get(id), NOW));
    }
  }

  /**
   * Checks one job as each path gives it on a first poll: {@code check} gets the job and its
   * priority now, with the path's name for messages.
   */
  static void onEitherPath(long jobId, TriConsumer check) {
    var analyzer = new Analyzer(PriorityPolicy.DEFAULT);
    var paths =
        Map.of(
            "GraphQL",
            ScopeConfig.everything(),
            "REST",
            new ScopeConfig(List.of(), List.of("shop/web", "shop/api")));
    paths.forEach(
        (path, scope) -> {
          var job = firstPoll(scope, new ConcurrentHashMap<>()).get(jobId);
          assertThat(job).as(path).isNotNull();
          check.accept(path, job, analyzer.score(job, NOW));
        });
  }

  interface TriConsumer {
    void accept(String path, PendingJob job, Priority priority);
  }

  @Test
  void aJobOnAReleaseTagIsCriticalOnEitherPath() {
    onEitherPath(
        50101L,
        (path, job, priority) -> {
          assertThat(job.pipeline().refKind()).as(path).isEqualTo("tag");
          assertThat(priority.tier()).as(path + ": " + priority).isEqualTo(Tier.CRITICAL);
          assertThat(priority.factors())
              .anySatisfy(f -> assertThat(f.detail()).isEqualTo("release tag v4.12.1-hotfix.1"));
        });
  }

  @Test
  void aProductionDeployWaitingWhenTheMonitorStartsIsCriticalWithoutAnyHook() {
    onEitherPath(
        50201L,
        (path, job, priority) -> {
          assertThat(job.environment()).as(path).isEqualTo(new Environment("production", null));
          assertThat(priority.tier()).as(path + ": " + priority).isEqualTo(Tier.CRITICAL);
          assertThat(priority.factors())
              .anySatisfy(f -> assertThat(f.detail()).isEqualTo("deploys to production"));
        });
  }
}
