package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.model.GlGraphQlJob;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GraphQlJobsTest {
  // Hand-written answers in the shape of GitLab's GraphQL API (CiJobConnection); values invented.
  static final String PAGE_1 =
      """
      {"data":{"jobs":{"pageInfo":{"hasNextPage":true,"endCursor":"eyJpZCI6IjcwMDIifQ"},
        "nodes":[{"id":"gid://gitlab/Ci::Build/7002","name":"rspec 1/4","status":"PENDING",
          "createdAt":"2026-05-13T10:10:00Z","queuedAt":"2026-05-13T10:10:02Z","refName":"v4.12.1","createdByTag":true,
          "tags":["docker","linux"],"stage":{"name":"test"},
          "pipeline":{"id":"gid://gitlab/Ci::Pipeline/5001","source":"push","user":{"username":"alice","bot":false}},
          "project":{"fullPath":"group/app"}}]}}}
      """;
  static final String PAGE_2 =
      """
      {"data":{"jobs":{"pageInfo":{"hasNextPage":false,"endCursor":null},
        "nodes":[{"id":"gid://gitlab/Ci::Build/7010","name":"deploy","status":"SOMETHING_NEW",
          "tags":[],"stage":null,"pipeline":null,"project":{"fullPath":"ops/deploy"}}]}}}
      """;

  @Test
  void jobsOfOnePollShareTheirEqualTexts() throws IOException {
    try (var gitlab = new FakeGitLab()) {
      String last =
          PAGE_1
              .replace("Ci::Build/7002", "Ci::Build/7003")
              .replace("\"hasNextPage\":true", "\"hasNextPage\":false");
      gitlab.on("/api/graphql", Reply.json(PAGE_1), Reply.json(last));
      var client = new GitLabClient(GitLabConfig.of(gitlab.url(), Secret.of("glpat-admin")));

      var jobs = client.pendingJobsInstanceWide();

      assertThat(jobs).extracting(GlGraphQlJob::id).containsExactly(7002L, 7003L);
      var a = jobs.get(0);
      var b = jobs.get(1);
      assertThat(b.name()).isEqualTo("rspec 1/4").isSameAs(a.name());
      assertThat(b.projectPath()).isSameAs(a.projectPath());
      assertThat(b.ref()).isSameAs(a.ref());
      assertThat(b.status()).isSameAs(a.status());
      assertThat(b.tags().get(1)).isEqualTo("linux").isSameAs(a.tags().get(1));
    }
  }

  @Test
  void pagesThroughPendingJobsByCursor() throws IOException {
    try (var gitlab = new FakeGitLab()) {
      gitlab.on("/api/graphql", Reply.json(PAGE_1), Reply.json(PAGE_2));
      var client = new GitLabClient(GitLabConfig.of(gitlab.url(), Secret.of("glpat-admin")));

      var jobs = client.pendingJobsInstanceWide();

      assertThat(jobs).extracting(GlGraphQlJob::id).containsExactly(7002L, 7010L);
      var first = jobs.get(0);
      assertThat(first.status()).isEqualTo("pending");
      assertThat(first.stage()).isEqualTo("test");
      assertThat(first.pipelineId()).isEqualTo(5001L);
      assertThat(first.projectPath()).isEqualTo("group/app");
      assertThat(first.username()).isEqualTo("alice");
      assertThat(first.tag()).isTrue();
      assertThat(first.userIsBot()).isFalse();
      assertThat(jobs.get(1).status()).isEqualTo("something_new");
      assertThat(jobs.get(1).pipelineId()).isNull();
      assertThat(jobs.get(1).tag()).isFalse();
      assertThat(jobs.get(1).userIsBot()).isNull();

      var calls = gitlab.calls();
      assertThat(calls)
          .allSatisfy(c -> assertThat(c.header("Authorization")).isEqualTo("Bearer glpat-admin"));
      var firstBody = GitLabJson.MAPPER.readTree(calls.get(0).body());
      assertThat(firstBody.path("query").asText()).contains("jobs(statuses: [PENDING]");
      assertThat(firstBody.path("variables").path("after").isNull()).isTrue();
      var secondBody = GitLabJson.MAPPER.readTree(calls.get(1).body());
      assertThat(secondBody.path("variables").path("after").asText())
          .isEqualTo("eyJpZCI6IjcwMDIifQ");
    }
  }

  @Test
  void graphQlErrorsBecomeApiErrors() throws IOException {
    try (var gitlab = new FakeGitLab()) {
      gitlab.on(
          "/api/graphql",
          Reply.json(
              "{\"errors\":[{\"message\":\"Field 'jobs' doesn't exist on type 'Query'\"}]}"));
      var client = new GitLabClient(GitLabConfig.of(gitlab.url(), Secret.of("glpat-user")));

      assertThatThrownBy(client::pendingJobsInstanceWide)
          .isInstanceOfSatisfying(
              GitLabApiException.class,
              e -> {
                assertThat(e.endpoint()).isEqualTo("POST /api/graphql");
                assertThat(e.gitlabMessage()).contains("Field 'jobs' doesn't exist");
              });
    }
  }

  @Test
  void aNullJobsFieldSaysAnAdministratorIsNeeded() throws IOException {
    try (var gitlab = new FakeGitLab()) {
      gitlab.on("/api/graphql", Reply.json("{\"data\":{\"jobs\":null}}"));
      var client = new GitLabClient(GitLabConfig.of(gitlab.url(), Secret.of("glpat-user")));

      assertThatThrownBy(client::pendingJobsInstanceWide).hasMessageContaining("administrator");
    }
  }
}
