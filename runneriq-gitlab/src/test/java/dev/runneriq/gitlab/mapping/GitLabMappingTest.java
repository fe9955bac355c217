package dev.runneriq.gitlab.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.model.GlGraphQlJob;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlProtectedRef;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.ProtectedRefs;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookHandler;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabMappingTest {
  static final Instant NOW = Instant.parse("2026-05-13T10:15:02.500Z");
  static final ProjectFacts APP =
      new ProjectFacts(
          "group/app", "main", new ProtectedRefs(List.of(new GlProtectedRef("main")), List.of()));

  static <T> T read(com.fasterxml.jackson.databind.JsonNode node, Class<T> type) {
    try {
      return GitLabJson.MAPPER.treeToValue(node, type);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCurrentRunnerKeepsEveryContextField() {
    var detail = read(Fixtures.json("synthetic/rest_runner_detail.synthetic.json"), GlRunner.class);
    var config = new ConcurrencyConfig(Map.of(), Map.of(), Map.of("large", 8), 1);

    var r =
        GitLabMapping.runner(detail, 3, config, RunnerSites.unknown(), new ConcurrencyEstimator());

    assertThat(r.id()).isEqualTo(101);
    assertThat(r.name()).isEqualTo("linux-docker-large-1");
    assertThat(r.runnerType()).isEqualTo("instance_type");
    assertThat(r.tagList()).containsExactly("docker", "large", "linux");
    assertThat(r.runUntagged()).isFalse();
    assertThat(r.accessLevel()).isEqualTo("not_protected");
    assertThat(r.paused()).isFalse();
    assertThat(r.online()).isTrue();
    assertThat(r.concurrency()).isEqualTo(8);
    assertThat(r.running()).isEqualTo(3);
    assertThat(r.maximumTimeoutS()).isEqualTo(3600L);
    assertThat(r.zone()).isNull();
    assertThat(r.watts()).isEqualTo(100);
    assertThat(r.speed()).isEqualTo(1.0);
  }

  @Test
  void zonePowerAndSpeedComeFromTheRunnersIdThenItsTagsThenTheDefault() {
    var detail = read(Fixtures.json("synthetic/rest_runner_detail.synthetic.json"), GlRunner.class);
    var byId = new RunnerSites.Site("FR", 240, 1.5);
    var fallback = new RunnerSites.Site("DE", 90, 1.0);
    var config = ConcurrencyConfig.inferred();
    var estimator = new ConcurrencyEstimator();

    var listed =
        GitLabMapping.runner(
            detail,
            0,
            config,
            new RunnerSites(Map.of(101L, byId), Map.of("large", "GB"), fallback),
            estimator);
    // tags docker, large, linux: 'docker' comes first alphabetically among the listed ones
    var tagged =
        GitLabMapping.runner(
            detail,
            0,
            config,
            new RunnerSites(Map.of(7L, byId), Map.of("linux", "SE", "docker", "GB"), fallback),
            estimator);
    var neither =
        GitLabMapping.runner(
            detail, 0, config, new RunnerSites(Map.of(), Map.of("gpu", "GB"), fallback), estimator);

    assertThat(listed.zone()).isEqualTo("FR");
    assertThat(listed.watts()).isEqualTo(240);
    assertThat(listed.speed()).isEqualTo(1.5);
    assertThat(tagged.zone()).isEqualTo("GB");
    assertThat(tagged.watts()).isEqualTo(90);
    assertThat(neither.zone()).isEqualTo("DE");
  }

  @Test
  void aSiteRefusesNegativePowerAndNonPositiveSpeed() {
    assertThatThrownBy(() -> new RunnerSites.Site("DE", -1, 1))
        .hasMessageContaining("watts must be 0 or more, but was -1");
    assertThatThrownBy(() -> new RunnerSites.Site("DE", 100, 0))
        .hasMessageContaining("speed must be positive, but was 0");
    assertThat(new RunnerSites.Site(" ", 100, 1).zone()).isNull();
  }

  @Test
  void anOldServersRunnerGetsDerivedTypeAndInferredConcurrency() {
    var detail = read(Fixtures.json("rest_runner_detail.gitlab4j.json"), GlRunner.class);
    var estimator = new ConcurrencyEstimator();
    estimator.observe(6, 4);

    var r =
        GitLabMapping.runner(
            detail, 2, ConcurrencyConfig.inferred(), RunnerSites.unknown(), estimator);

    assertThat(r.runnerType()).isEqualTo("project_type");
    assertThat(r.projects()).containsExactly("gitlab-org/gitlab-ce");
    assertThat(r.refProtectedOnly()).isTrue();
    assertThat(r.runUntagged()).isTrue();
    assertThat(r.concurrency()).isEqualTo(4);
  }

  @Test
  void aPendingRestJobOnTheProtectedDefaultBranch() {
    var job =
        read(
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(0),
            GlJob.class);

    var p =
        GitLabMapping.pendingJob(
            JobFacts.of(job), APP, null, List.of("build", "test"), NOW, Map.of());

    assertThat(p.id()).isEqualTo(7002);
    assertThat(p.tagList()).containsExactly("docker", "linux");
    assertThat(p.pendingSince()).isEqualTo(Instant.parse("2026-05-13T10:10:00Z")); // now - 302.5 s
    assertThat(p.environment()).isNull();
    Pipeline pipeline = p.pipeline();
    assertThat(pipeline.id()).isEqualTo(5001);
    assertThat(pipeline.project()).isEqualTo("group/app");
    assertThat(pipeline.refKind()).isEqualTo("branch");
    assertThat(pipeline.protectedRef()).isTrue();
    assertThat(pipeline.defaultBranch()).isTrue();
    assertThat(pipeline.source()).isEqualTo("push");
    assertThat(pipeline.user()).isEqualTo("alice");
    assertThat(pipeline.userIsBot()).isFalse();
    assertThat(pipeline.stages()).containsExactly("build", "test");
  }

  @Test
  void aJobHookBringsItsDeploymentEnvironment() {
    var store = new JobStateStore();
    new WebhookReceiver(WebhookConfig.of(Secret.of("s")), store, WebhookHandler.NONE)
        .receive(Map.of("X-Gitlab-Token", List.of("s")), Fixtures.bytes("hook_job.go-gitlab.json"));
    var event = store.job(3580121225L).orElseThrow();
    var project = new ProjectFacts("jsmithy2/release-tools-fake", "main", ProtectedRefs.NONE);

    var p =
        GitLabMapping.pendingJob(JobFacts.of(event), project, "pipeline", List.of(), NOW, Map.of());

    assertThat(p.environment()).isEqualTo(new Environment("production", "production"));
    assertThat(p.pipeline().source()).isEqualTo("pipeline");
    assertThat(p.pipeline().defaultBranch()).isTrue();
    assertThat(p.pipeline().protectedRef()).isFalse();
    assertThat(p.pendingSince()).isEqualTo(NOW.minusMillis(193));
  }

  @Test
  void aGraphQlJobIsPendingSinceItWasQueued() {
    var job =
        new GlGraphQlJob(
            7010,
            "deploy",
            "pending",
            "deploy",
            "v1.2.0",
            false,
            List.of(),
            "2026-05-13T10:00:00Z",
            "2026-05-13T10:01:00Z",
            5002L,
            "merge_request_event",
            "ops/deploy",
            "project_9_bot_5d1e",
            null);
    var project = new ProjectFacts("ops/deploy", "main", ProtectedRefs.NONE);

    var p = GitLabMapping.pendingJob(JobFacts.of(job), project, null, List.of(), NOW, Map.of());

    assertThat(p.pendingSince()).isEqualTo(Instant.parse("2026-05-13T10:01:00Z"));
    assertThat(p.pipeline().refKind()).isEqualTo("merge_request");
    assertThat(p.pipeline().userIsBot()).isTrue();
  }

  @Test
  void tagsAreNeverTheDefaultBranchAndUseTagProtection() {
    var facts =
        new JobFacts(
            1, "release", "deploy", "pending", List.of(), NOW, null, 9, "main", true, "push",
            "dana", null, null, null);
    var project =
        new ProjectFacts(
            "shop/web",
            "main",
            new ProtectedRefs(
                List.of(new GlProtectedRef("main")), List.of(new GlProtectedRef("v*"))));

    var p = GitLabMapping.pendingJob(facts, project, null, List.of(), NOW, Map.of());

    assertThat(p.pipeline().refKind()).isEqualTo("tag");
    assertThat(p.pipeline().defaultBranch()).isFalse();
    assertThat(p.pipeline().protectedRef()).isFalse(); // "main" is a protected branch, not a tag
  }
}
