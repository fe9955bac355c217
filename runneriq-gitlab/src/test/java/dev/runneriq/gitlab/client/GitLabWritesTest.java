package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.model.GlJob;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's writes (play, cancel, retry) against a loopback GitLab answering from fixtures: each
 * is sent once, never again where GitLab may have acted, and GitLab's refusals read clearly.
 */
class GitLabWritesTest {
  static final String TOKEN = GitLabClientTest.TOKEN;
  static final String PLAY = "/api/v4/projects/shop%2Fweb/jobs/7/play";
  static final String CANCEL = "/api/v4/projects/shop%2Fweb/jobs/7/cancel";
  static final String RETRY = "/api/v4/projects/shop%2Fweb/jobs/7/retry";

  /** The loopback GitLab and the client setup of the read tests. */
  final GitLabClientTest loopback = new GitLabClientTest();

  FakeGitLab gitlab;
  List<Duration> waits;

  @BeforeEach
  void start() throws IOException {
    loopback.start();
    gitlab = loopback.gitlab;
    waits = loopback.waits;
  }

  @AfterEach
  void stop() {
    loopback.stop();
  }

  GitLabClient client(Duration requestTimeout) {
    var config = loopback.config(gitlab.url());
    return loopback.client(
        config.toBuilder().timeouts(config.connectTimeout(), requestTimeout).build());
  }

  GitLabClient client() {
    return client(Duration.ofSeconds(5));
  }

  static String job() {
    return Fixtures.text("rest_job.gitlab4j.json");
  }

  @Test
  void aPlayIsOnePostWithTheTokenAndAnswersTheJob() {
    gitlab.on(PLAY, Reply.json(job()));

    GlJob played = client().play("shop/web", 7);

    assertThat(played.id()).isEqualTo(7);
    assertThat(gitlab.calls()).hasSize(1);
    var call = gitlab.calls().get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(call.body()).isEmpty();
  }

  @Test
  void cancelAndRetryAnswerTheJobGitLabShows() {
    gitlab.on(CANCEL, Reply.status(201, job())).on(RETRY, Reply.status(201, job()));

    assertThat(client().cancel("shop/web", 7).status()).isEqualTo("failed");
    assertThat(client().retry("shop/web", 7).id()).isEqualTo(7);
    assertThat(gitlab.calls()).extracting(FakeGitLab.Call::target).containsExactly(CANCEL, RETRY);
  }

  @Test
  void a502OnAPlayIsNotSentAgain() {
    gitlab.on(PLAY, Reply.status(502, "{\"message\":\"502 Bad Gateway\"}"), Reply.json(job()));

    assertThatThrownBy(() -> client().play("shop/web", 7))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.gitlabMessage()).isEqualTo("502 Bad Gateway" + GitLabHttp.NOT_RESENT);
            });
    assertThat(gitlab.calls()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aWriteThatTimesOutIsNotSentAgain() {
    gitlab.on(CANCEL, Reply.status(201, job()).delayed(1_000));

    assertThatThrownBy(() -> client(Duration.ofMillis(200)).cancel("shop/web", 7))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(GitLabApiException.NO_RESPONSE);
              assertThat(e.gitlabMessage()).startsWith("timed out").endsWith(GitLabHttp.NOT_RESENT);
            });
    assertThat(gitlab.calls()).hasSize(1);
  }

  @Test
  void a429WithRetryAfterIsWaitedOutAndSentAgainButNotOneWithout() {
    gitlab.on(
        PLAY,
        Reply.status(429, "{\"message\":\"Retry later\"}").header("Retry-After", "2"),
        Reply.json(job()));

    assertThat(client().play("shop/web", 7).id()).isEqualTo(7);
    assertThat(gitlab.calls()).hasSize(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));

    gitlab.on(RETRY, Reply.status(429, "{\"message\":\"Retry later\"}"), Reply.json(job()));
    assertThatThrownBy(() -> client().retry("shop/web", 7))
        .isInstanceOfSatisfying(
            GitLabApiException.class, e -> assertThat(e.status()).isEqualTo(429));
    assertThat(gitlab.calls()).hasSize(3);
  }

  @Test
  void aReadApiTokenIsToldItNeedsTheApiScope() {
    gitlab.on(
        PLAY,
        Reply.status(
            403,
            "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires"
                + " higher privileges than provided by the access token.\",\"scope\":\"api\"}"));

    assertThatThrownBy(() -> client().play("shop/web", 7))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.gitlabMessage())
                  .isEqualTo(
                      "insufficient_scope: The request requires higher privileges than provided"
                          + " by the access token. (the token needs the api scope)");
              assertThat(e.getMessage()).doesNotContain(TOKEN);
            });
  }

  @Test
  void gitLabsRefusalsKeepItsWords() {
    gitlab
        .on(PLAY, Reply.status(400, "{\"message\":\"400 Bad request - Unplayable Job\"}"))
        .on(RETRY, Reply.status(403, "{\"message\":\"403 Forbidden - Job is not retryable\"}"));

    assertThatThrownBy(() -> client().play("shop/web", 7))
        .hasMessage("GitLab answered 400 to POST " + PLAY + ": 400 Bad request - Unplayable Job");
    assertThatThrownBy(() -> client().retry("shop/web", 7))
        .isInstanceOfSatisfying(
            GitLabApiException.class,
            e -> assertThat(e.gitlabMessage()).isEqualTo("403 Forbidden - Job is not retryable"));
  }

  @Test
  void scheduledJobsFollowEveryPage() {
    String first = "/api/v4/projects/shop%2Fweb/jobs?scope%5B%5D=scheduled&per_page=5";
    gitlab
        .on(first, Reply.json("[" + job() + "]").header("x-next-page", "2"))
        .on(first + "&page=2", Reply.json("[" + job() + "]").header("x-next-page", ""));

    assertThat(client().scheduledJobs("shop/web")).hasSize(2);
  }
}
