package dev.runneriq.gitlab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job variables RunnerIQ reads from GitLab's CI lint API: the merged configuration at the
 * pipeline's commit, once per commit, and nothing when GitLab does not give it.
 */
class JobVariablesTest {
  static final Set<String> WANTED = Set.of("RUNNERIQ_PRIORITY", "RUNNERIQ_DEFERRABLE");
  static final String SHA = "2dc6aa325a317eda67812f05600bdf0fcdc70ab0";
  static final String LINT = "/api/v4/projects/group%2Fapp/ci/lint?content_ref=" + SHA;

  /** A merged configuration as older GitLab versions write it: keys as Ruby symbols. */
  static final String SYMBOLS =
      """
      ---
      :variables:
        :RUNNERIQ_DEFERRABLE: 'false'
        :DOCKER_DRIVER: overlay2
      :stages:
      - build
      - deploy
      :.base:
        :variables:
          :RUNNERIQ_PRIORITY: low
      :build:
        :stage: build
        :variables:
          :RUNNERIQ_PRIORITY: '80'
          :GOFLAGS: -mod=vendor
      :nightly-docs:
        :stage: build
        :variables:
          :RUNNERIQ_DEFERRABLE:
            :value: 'true'
            :description: may wait for a greener hour
      :deploy:
        :stage: deploy
      """;

  FakeGitLab gitlab;
  GitLabClient client;

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitLab();
    client =
        new GitLabClient(
            GitLabConfig.builder(gitlab.url(), Secret.of("glpat-variables-test"))
                .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
                .requestsPerSecond(1000)
                .build());
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  @Test
  void eachJobHasTheTopLevelVariablesWithItsOwnOverThemAndOnlyTheWantedOnes() {
    var jobs = JobVariables.parse(SYMBOLS, WANTED);

    assertThat(jobs.get("build"))
        .isEqualTo(Map.of("RUNNERIQ_PRIORITY", "80", "RUNNERIQ_DEFERRABLE", "false"));
    assertThat(jobs.get("nightly-docs")).isEqualTo(Map.of("RUNNERIQ_DEFERRABLE", "true"));
    assertThat(jobs.get("deploy")).isEqualTo(Map.of("RUNNERIQ_DEFERRABLE", "false"));
    // a hidden job is a template, not a job; stages are not a job
    assertThat(jobs).doesNotContainKeys(".base", "stages", "variables");
    // as current GitLab writes it, with string keys
    var plain =
        JobVariables.parse("build:\n  variables:\n    RUNNERIQ_PRIORITY: critical\n", WANTED);
    assertThat(plain.get("build")).isEqualTo(Map.of("RUNNERIQ_PRIORITY", "critical"));
    assertThat(JobVariables.parse("- not a mapping", WANTED)).isEmpty();
    assertThat(JobVariables.parse(": : :", WANTED)).isEmpty();
  }

  @Test
  void aCommitsConfigurationIsReadOnceForAllItsJobs() {
    gitlab.on(LINT, Reply.json("{\"valid\": true, \"merged_yaml\": " + quote(SYMBOLS) + "}"));
    var variables = new JobVariables(client, WANTED, Calls.NONE);

    assertThat(variables.known("group/app", SHA, "build")).isEmpty();
    assertThat(variables.of("group/app", SHA, "build")).containsEntry("RUNNERIQ_PRIORITY", "80");
    assertThat(variables.of("group/app", SHA, "nightly-docs"))
        .containsEntry("RUNNERIQ_DEFERRABLE", "true");
    assertThat(variables.known("group/app", SHA, "build")).containsEntry("RUNNERIQ_PRIORITY", "80");
    assertThat(gitlab.calls()).hasSize(1);
    // no commit known, or nothing wanted: no request
    assertThat(variables.of("group/app", null, "build")).isEmpty();
    assertThat(new JobVariables(client, Set.of(), Calls.NONE).of("group/app", SHA, "build"))
        .isEmpty();
    assertThat(gitlab.calls()).hasSize(1);
  }

  @Test
  void aConfigurationGitLabRefusesCountsAsOneWithoutVariablesAndIsNotAskedAgain() {
    gitlab.on(LINT, Reply.status(403, "{\"message\": \"403 Forbidden\"}"));
    var variables = new JobVariables(client, WANTED, Calls.NONE);

    assertThat(variables.of("group/app", SHA, "build")).isEmpty();
    assertThat(variables.of("group/app", SHA, "deploy")).isEmpty();
    assertThat(gitlab.calls()).hasSize(1);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
