package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Snapshot;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookHandler;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /hooks/gitlab} over HTTP: its own secret, replays, garbage, and the counters. */
class WebhookEndpointTest {
  static final String API_TOKEN = "api-token-not-the-hook-secret";
  static final String SECRET = "hook-secret-for-tests";
  static ApiServer server;
  static ServiceMetrics metrics;
  static JobStateStore store;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    var state =
        new FixedState(
            new Snapshot(Instant.now(), List.of(), List.of()),
            List.of(),
            Instant.now(),
            null,
            true);
    metrics = new ServiceMetrics(() -> state);
    store = new JobStateStore();
    var receiver =
        new WebhookReceiver(WebhookConfig.of(Secret.of(SECRET)), store, WebhookHandler.NONE);
    server = LoopbackApi.start(API_TOKEN, 6L * 1024 * 1024, () -> state, null, metrics, receiver);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(Map<String, String> headers, byte[] body) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hooks/gitlab"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A Job Hook of a pending job, from the GitLab module's test fixtures. */
  static byte[] hook() {
    return Fixtures.bytes("synthetic/hook_job_pending.synthetic.json");
  }

  @Test
  void aHookWithTheSecretIsAcceptedAndReachesTheStore() throws Exception {
    var r = post(Map.of("X-Gitlab-Token", SECRET, "Idempotency-Key", "k-accept"), hook());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // "accepted", or "accepted; older than what is known" when another test sent the job first
    assertThat(r.body())
        .startsWith("{\"result\":\"accepted\",\"detail\":\"accepted")
        .endsWith("\"}");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length());
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(store.job(7002))
        .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo("pending"));
    assertThat(metrics.scrape())
        .containsPattern(
            "runneriq_webhook_events_total\\{kind=\"build\",result=\"accepted\"} [1-9]");
  }

  @Test
  void aMissingOrWrongTokenIs401AndTheApiTokenIsNotTheHookSecret() throws Exception {
    assertThat(post(Map.of(), hook()).statusCode()).isEqualTo(401);
    var wrong = post(Map.of("X-Gitlab-Token", "nope"), hook());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong X-Gitlab-Token").doesNotContain(SECRET);
    var bearer = post(Map.of("Authorization", "Bearer " + API_TOKEN), hook());
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(metrics.scrape()).contains("result=\"unauthorized\"");
  }

  @Test
  void aReplayIsAnswered200AndCountedAsDuplicate() throws Exception {
    var headers = Map.of("X-Gitlab-Token", SECRET, "Idempotency-Key", "k-replay");
    assertThat(post(headers, hook()).body()).contains("\"accepted\"");
    var again = post(headers, hook());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
    assertThat(metrics.scrape()).contains("result=\"duplicate\"");
  }

  @Test
  void garbageIs400WithTheReason() throws Exception {
    var r = post(Map.of("X-Gitlab-Token", SECRET), "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not valid JSON");
    var noId =
        post(
            Map.of("X-Gitlab-Token", SECRET),
            "{\"object_kind\":\"build\",\"build_id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(noId.body()).contains("build_id");
    assertThat(metrics.scrape()).contains("result=\"malformed\"");
  }
}
