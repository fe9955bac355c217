package dev.runneriq.gitlab.webhook;

import static dev.runneriq.gitlab.webhook.Hooks.body;
import static dev.runneriq.gitlab.webhook.Hooks.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A replica of several receives with a relay: what passes the checks is handed on (kept) before
 * GitLab is answered, nothing is applied where it was received, a relay that cannot keep it turns
 * into 503, and the leader applies what was kept as if it had received it.
 */
class WebhookRelayTest {
  record Kept(@Nullable String key, String kind, byte[] body) {}

  final List<Kept> kept = new ArrayList<>();
  final HashSet<String> keys = new HashSet<>();
  final WebhookConfig config = WebhookConfig.of(Secret.of(Hooks.SECRET));

  final WebhookReceiver replica =
      new WebhookReceiver(
          config,
          (key, kind, body) -> {
            if (key != null && !keys.add(key)) {
              return false;
            }
            kept.add(new Kept(key, kind, body));
            return true;
          });

  @Test
  void keepsWhatPassesTheChecksAndAppliesNothingItself() {
    var body = Fixtures.bytes("hook_job.go-gitlab.json");
    var first = replica.receive(headers("Idempotency-Key", "k-1"), body);
    var retry = replica.receive(headers("Idempotency-Key", "k-1"), body);
    var pipeline = Fixtures.bytes("hook_pipeline.go-gitlab.json");
    var second = replica.receive(headers(), pipeline);

    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(retry).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(second).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(kept).extracting(Kept::key).containsExactly("key:k-1", null);
    assertThat(kept).extracting(Kept::kind).containsExactly("build", "pipeline");
    assertThat(kept.get(0).body()).isEqualTo(body);

    // what fails the checks is answered as before and never kept
    assertThat(replica.receive(headers("X-Gitlab-Token", "wrong"), body).statusCode())
        .isEqualTo(401);
    assertThat(replica.receive(headers(), body("{\"object_kind\": 3}")).statusCode())
        .isEqualTo(400);
    assertThat(replica.receive(headers(), body("{\"object_kind\": \"push\"}")))
        .isInstanceOf(WebhookResult.Ignored.class);
    assertThat(kept).hasSize(2);
  }

  @Test
  void aRelayThatCannotKeepTheDeliveryIsA503AndTheRetryIsKept() {
    var failing = new boolean[] {true};
    var flaky =
        new WebhookReceiver(
            config,
            (key, kind, body) -> {
              if (failing[0]) {
                throw new IllegalStateException("the database does not answer");
              }
              kept.add(new Kept(key, kind, body));
              return true;
            });
    var body = Fixtures.bytes("hook_job.go-gitlab.json");
    var h = headers("Idempotency-Key", "k-9");

    var refused = flaky.receive(h, body);
    failing[0] = false;
    var retried = flaky.receive(h, body);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(((WebhookResult.Rejected) refused).reason()).contains("does not answer");
    assertThat(retried)
        .as("the refused delivery was not remembered as seen")
        .isInstanceOf(WebhookResult.Accepted.class);
    assertThat(kept).hasSize(1);
  }

  @Test
  void theLeaderAppliesWhatWasKeptToItsStoreAndHandler() {
    var body = Fixtures.bytes("hook_job.go-gitlab.json");
    replica.receive(headers(), body);
    var store = new JobStateStore();
    var seen = new ArrayList<WebhookEvent>();
    var leader = new WebhookReceiver(config, store, (event, changed) -> seen.add(event));

    var applied = leader.applyRelayed(kept.get(0).body());
    var again = leader.applyRelayed(kept.get(0).body());

    assertThat(applied).isInstanceOf(WebhookResult.Accepted.class);
    var job = (JobEvent) ((WebhookResult.Accepted) applied).event();
    assertThat(store.job(job.id())).contains(job);
    assertThat(((WebhookResult.Accepted) applied).changed()).isTrue();
    assertThat(((WebhookResult.Accepted) again).changed())
        .as("applied twice (a leader died before marking it): nothing changes")
        .isFalse();
    assertThat(seen).hasSize(2);
    assertThat(leader.applyRelayed(body("not json")).statusCode()).isEqualTo(400);
  }
}
