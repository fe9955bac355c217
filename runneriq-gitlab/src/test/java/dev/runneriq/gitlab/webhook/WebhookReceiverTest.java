package dev.runneriq.gitlab.webhook;

import static dev.runneriq.gitlab.webhook.Hooks.body;
import static dev.runneriq.gitlab.webhook.Hooks.headers;
import static dev.runneriq.gitlab.webhook.Hooks.jobAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookReceiverTest {
  final JobStateStore store = new JobStateStore();
  final List<WebhookEvent> seen = new ArrayList<>();
  final WebhookReceiver receiver =
      new WebhookReceiver(
          WebhookConfig.of(Secret.of(Hooks.SECRET)), store, (event, changed) -> seen.add(event));

  WebhookResult.Accepted accept(byte[] body) {
    var r = receiver.receive(headers(), body);
    assertThat(r).isInstanceOf(WebhookResult.Accepted.class);
    return (WebhookResult.Accepted) r;
  }

  @Test
  void readsARealJobHook() {
    var job = (JobEvent) accept(Fixtures.bytes("hook_job.go-gitlab.json")).event();

    assertThat(job.id()).isEqualTo(3580121225L);
    assertThat(job.status()).isEqualTo("success");
    assertThat(job.projectPath()).isEqualTo("jsmithy2/release-tools-fake");
    assertThat(job.environment()).isEqualTo("production");
    assertThat(job.deploymentTier()).isEqualTo("production");
    assertThat(job.runnerId()).isEqualTo(12270837L);
    assertThat(job.runnerTags()).containsExactly("linux", "docker");
    assertThat(job.createdAt()).isEqualTo(Instant.parse("2023-01-10T13:50:02Z"));
    assertThat(job.at()).isEqualTo(Instant.parse("2023-01-10T13:50:54Z"));
    assertThat(job.user()).isEqualTo("jsmithy2");
    // what the Optimizer learns from: how long it ran and, had it failed, why
    assertThat(job.durationS()).isEqualTo(49.503592);
    assertThat(job.failureReason()).isEqualTo("unknown_failure");
    assertThat(store.job(3580121225L)).contains(job);
    assertThat(seen).containsExactly(job);
  }

  @Test
  void readsOlderAndMinimalJobHooks() {
    var withProject =
        (JobEvent) accept(Fixtures.bytes("hook_job_build-event.gitlab4j.json")).event();
    var minimal = (JobEvent) accept(Fixtures.bytes("hook_job_minimal.go-gitlab.json")).event();
    var pending =
        (JobEvent) accept(Fixtures.bytes("synthetic/hook_job_pending.synthetic.json")).event();

    assertThat(withProject.projectPath()).isEqualTo("gitlab-org/gitlab-test");
    assertThat(withProject.defaultBranch()).isEqualTo("master");
    assertThat(withProject.deploymentTier()).isEqualTo("testing");
    assertThat(minimal.status()).isEqualTo("created");
    assertThat(minimal.environment()).isNull();
    assertThat(minimal.createdAt()).isEqualTo(Instant.parse("2021-02-23T02:41:37.886Z"));
    assertThat(pending.status()).isEqualTo("pending");
    assertThat(pending.runnerId()).isNull();
    assertThat(pending.queuedDurationS()).isEqualTo(0.412);
    assertThat(store.jobsWithStatus("pending")).containsExactly(pending);
  }

  @Test
  void aPipelineHookUpdatesThePipelineAndItsJobs() {
    var p = (PipelineEvent) accept(Fixtures.bytes("hook_pipeline.gitlab4j.json")).event();

    assertThat(p.id()).isEqualTo(31);
    assertThat(p.source()).isEqualTo("merge_request_event");
    assertThat(p.stages()).containsExactly("build", "test", "deploy");
    assertThat(p.projectPath()).isEqualTo("gitlab-org/gitlab-test");
    assertThat(p.jobs())
        .extracting(JobEvent::id)
        .containsExactlyInAnyOrder(376L, 377L, 378L, 379L, 380L);
    assertThat(store.job(380))
        .hasValueSatisfying(j -> assertThat(j.deploymentTier()).isEqualTo("production"));
    assertThat(store.job(378)).hasValueSatisfying(j -> assertThat(j.ref()).isEqualTo("master"));
    assertThat(store.pipeline(31)).contains(p);
    var pipeline = (PipelineEvent) accept(Fixtures.bytes("hook_pipeline.go-gitlab.json")).event();
    assertThat(pipeline.jobs())
        .extracting(JobEvent::durationS, JobEvent::failureReason)
        .contains(tuple(17.1, "script_failure"), tuple(17.0, null));
  }

  @Test
  void refusesAMissingOrWrongTokenBeforeLookingAtTheBody() {
    var noToken = receiver.receive(Map.of(), body("garbage"));
    var wrong =
        receiver.receive(Map.of("x-gitlab-token", List.of("hook-secret-2")), body("garbage"));
    var prefix = receiver.receive(Map.of("X-Gitlab-Token", List.of("hook-secret")), body("{}"));

    assertThat(noToken).isEqualTo(new WebhookResult.Rejected(401, "missing X-Gitlab-Token"));
    assertThat(wrong).isEqualTo(new WebhookResult.Rejected(401, "wrong X-Gitlab-Token"));
    assertThat(prefix.statusCode()).isEqualTo(401);
    assertThat(seen).isEmpty();
  }

  @Test
  void dropsAReplayedIdempotencyKey() {
    var body = Fixtures.bytes("hook_job.go-gitlab.json");
    var h = headers("Idempotency-Key", "908a6d9e-45fd-46c8-97e6-c4f350f219dd");

    var first = receiver.receive(h, body);
    var again = receiver.receive(h, body);
    var otherKey = receiver.receive(headers("Idempotency-Key", "11111111-2222"), body);

    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(again).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(otherKey)
        .isEqualTo(new WebhookResult.Accepted(((WebhookResult.Accepted) first).event(), false));
    assertThat(seen).hasSize(2);
  }

  @Test
  void withoutAKeyTheEventUuidAndBodyIdentifyADelivery() {
    var h = headers("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e");

    var first = receiver.receive(h, jobAt(1, "pending", null, null));
    var replay = receiver.receive(h, jobAt(1, "pending", null, null));
    var sameUuidOtherJob = receiver.receive(h, jobAt(2, "pending", null, null));

    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(replay).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(sameUuidOtherJob).isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void replayMemoryIsBounded() {
    var small =
        new WebhookReceiver(
            new WebhookConfig(Secret.of(Hooks.SECRET), 2, 1 << 20), store, WebhookHandler.NONE);
    var body = jobAt(1, "pending", null, null);
    for (String key : List.of("a", "b", "c")) {
      small.receive(headers("Idempotency-Key", key), body);
    }

    assertThat(small.receive(headers("Idempotency-Key", "c"), body))
        .isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(small.receive(headers("Idempotency-Key", "a"), body))
        .isInstanceOf(WebhookResult.Accepted.class);
  }

  @Test
  void outOfOrderEventsLeaveTheLatestState() {
    var success =
        accept(jobAt(7002, "success", "2026-05-13 10:11:00 UTC", "2026-05-13 10:14:00 UTC"));
    var lateRunning = accept(jobAt(7002, "running", "2026-05-13 10:11:00 UTC", null));
    var latePending = accept(jobAt(7002, "pending", null, null));

    assertThat(success.changed()).isTrue();
    assertThat(lateRunning.changed()).isFalse();
    assertThat(latePending.changed()).isFalse();
    assertThat(store.job(7002))
        .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo("success"));
    assertThat(store.jobsWithStatus("pending")).isEmpty();
  }

  @Test
  void ignoresKindsItDoesNotUse() {
    var r =
        receiver.receive(
            headers("X-Gitlab-Event", "Push Hook"),
            body("{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\"}"));

    assertThat(r).isEqualTo(new WebhookResult.Ignored("object_kind push is not used"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty body                 |                                                          | empty body
          not JSON                   | hello                                                    | not valid JSON
          an array                   | []                                                       | body must be a JSON object
          no object_kind             | {}                                                       | /object_kind must be a string
          job without build_id       | {"object_kind":"build","build_status":"pending"}          | /build_id must be an integer id
          build_id not a number      | {"object_kind":"build","build_id":"x"}                    | /build_id must be an integer id
          build_id fractional        | {"object_kind":"build","build_id":1.5}                    | /build_id must be an integer id
          job without status         | {"object_kind":"build","build_id":1,"pipeline_id":2,"project_id":3,"ref":"main"} | /build_status must be a non-empty string
          pipeline without attributes| {"object_kind":"pipeline"}                               | /object_attributes must be an object
          builds not an array        | {"object_kind":"pipeline","object_attributes":{"id":1,"status":"running","ref":"main","project_id":4},"builds":{}} | /builds must be an array
          a build without an id      | {"object_kind":"pipeline","object_attributes":{"id":1,"status":"running","ref":"main","project_id":4},"builds":[{"status":"pending"}]} | /builds/0/id must be an integer id
          """)
  void answersMalformedBodiesWith400AndTheReason(String name, String body, String reason) {
    var r = receiver.receive(headers(), body(body == null ? "" : body));

    assertThat(r)
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class,
            rejected -> {
              assertThat(rejected.statusCode()).isEqualTo(400);
              assertThat(rejected.reason()).startsWith(reason);
            });
    assertThat(store.jobCount()).isZero();
  }

  @Test
  void refusesABodyPastTheLimit() {
    var small =
        new WebhookReceiver(
            new WebhookConfig(Secret.of(Hooks.SECRET), 10, 100), store, WebhookHandler.NONE);

    var r = small.receive(headers(), Fixtures.bytes("hook_job.go-gitlab.json"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(((WebhookResult.Rejected) r).reason()).contains("exceeds 100");
  }

  @Test
  void aFailingHandlerDoesNotChangeTheAnswer() {
    var failing =
        new WebhookReceiver(
            WebhookConfig.of(Secret.of(Hooks.SECRET)),
            store,
            (e, c) -> {
              throw new IllegalStateException("boom");
            });

    var r = failing.receive(headers(), Fixtures.bytes("hook_job.go-gitlab.json"));

    assertThat(r).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(store.job(3580121225L)).isPresent();
  }
}
