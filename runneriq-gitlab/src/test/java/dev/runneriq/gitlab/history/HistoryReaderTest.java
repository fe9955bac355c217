package dev.runneriq.gitlab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.model.GlJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryReaderTest {
  static final String APP = "/api/v4/projects/group%2Fapp";
  static final String JOBS = APP + "/jobs?scope%5B%5D=success&scope%5B%5D=failed&per_page=5";
  static final Instant SINCE = Instant.parse("2026-11-23T00:00:00Z");

  FakeGitLab gitlab;

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitLab();
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  GitLabClient client() {
    return new GitLabClient(
        GitLabConfig.builder(gitlab.url(), Secret.of("glpat-history"))
            .paging(5, 50)
            .retry(2, Duration.ofMillis(10), Duration.ofMillis(20))
            .requestsPerSecond(1000)
            .build());
  }

  /** GitLab's own job example (gitlab4j), run on {@code runner} from {@code start} for 60 s. */
  static String job(long id, String name, String start, long runner) {
    var j = (ObjectNode) Fixtures.json("rest_job.gitlab4j.json");
    j.put("id", id);
    j.put("name", name);
    j.put("status", "success");
    j.put("created_at", "2026-11-30T09:00:00Z");
    j.put("started_at", start);
    j.put("finished_at", Instant.parse(start).plusSeconds(60).toString());
    j.put("duration", 60.0);
    j.put("queued_duration", 4.0);
    j.putObject("runner").put("id", runner).put("description", "runner " + runner);
    return j.toString();
  }

  void scriptApp() {
    gitlab
        .on(
            APP,
            Reply.json(
                "{\"id\":9,\"path_with_namespace\":\"group/app\",\"default_branch\":\"master\"}"))
        .on(APP + "/protected_branches?per_page=5", Reply.json("[{\"name\":\"master\"}]"))
        .on(APP + "/protected_tags?per_page=5", Reply.json("[]"))
        .on(
            JOBS,
            Reply.json(
                "["
                    + job(9, "rspec", "2026-11-30T09:00:30Z", 6)
                    + ","
                    + job(8, "teaspoon", "2026-11-30T09:00:10Z", 99)
                    + ","
                    + job(7, "spinach", "2026-11-30T09:00:00Z", 6)
                    + "]"))
        // the jobs' pipeline (GitLab's example) does not carry its source: read once
        .on(
            APP + "/pipelines/6",
            Reply.json(
                "{\"id\":6,\"ref\":\"master\",\"status\":\"success\",\"source\":\"schedule\"}"));
  }

  @Test
  void readsTheProjectsJobsAndTheSourceTheirPipelineDoesNotCarryTellingProgress() {
    scriptApp();
    gitlab.on(
        "/api/v4/projects/group%2Fgone",
        Reply.status(404, "{\"message\":\"404 Project Not Found\"}"));
    var seen = new ArrayList<String>();
    var pulled =
        new HistoryReader(client())
            .pull(
                new ScopeConfig(List.of(), List.of("group/app", "group/gone")),
                SINCE,
                1000,
                (done, total, jobs) -> seen.add(done + "/" + total + ":" + jobs));
    assertThat(pulled.projects()).hasSize(1);
    var app = pulled.projects().get(0);
    assertThat(app.projectId()).isEqualTo(9);
    assertThat(app.facts().defaultBranch()).isEqualTo("master");
    assertThat(app.jobs()).extracting(GlJob::id).containsExactly(9L, 8L, 7L);
    assertThat(pulled.sources()).isEqualTo(Map.of(6L, "schedule"));
    assertThat(pulled.gone()).containsExactly("project group/gone: 404 404 Project Not Found");
    assertThat(pulled.capped()).isEmpty();
    assertThat(seen).containsExactly("0/1:0", "1/1:3");
    assertThat(gitlab.calls()).filteredOn(c -> c.target().contains("/pipelines/6")).hasSize(1);

    var trace =
        HistoryTrace.build("t", pulled.projects(), id -> 1.0, pulled.sources(), true).trace();
    var p = trace.pipelines().get(0).pipeline();
    assertThat(p.source()).isEqualTo("schedule");
    assertThat(p.defaultBranch()).isTrue();
    assertThat(p.protectedRef()).isTrue();
  }

  @Test
  void aProjectWithMoreJobsThanTheMostIsSaidToBeCapped() {
    scriptApp();
    var pulled =
        new HistoryReader(client())
            .pull(
                new ScopeConfig(List.of(), List.of("group/app")),
                SINCE,
                2,
                HistoryReader.Progress.NONE);
    assertThat(pulled.jobCount()).isEqualTo(2);
    assertThat(pulled.capped()).containsExactly("group/app");
  }

  @Test
  void aTokenGitLabRefusesFailsTheReadNamingTheRequest() {
    gitlab.on(APP, Reply.status(401, "{\"message\":\"401 Unauthorized\"}"));
    assertThatThrownBy(
            () ->
                new HistoryReader(client())
                    .pull(
                        new ScopeConfig(List.of(), List.of("group/app")),
                        SINCE,
                        10,
                        HistoryReader.Progress.NONE))
        .isInstanceOf(GitLabApiException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("GET /api/v4/projects/group%2Fapp");
  }

  @Test
  void theFleetIsTheRunnersTheJobsRanOnWithWhatWasAssumed() {
    scriptApp();
    gitlab
        .on("/api/v4/runners/6", Reply.json(Fixtures.text("rest_runner_detail.gitlab4j.json")))
        .on("/api/v4/runners/99", Reply.status(404, "{\"message\":\"404 Runner Not Found\"}"));
    var client = client();
    var pulled =
        new HistoryReader(client)
            .pull(
                new ScopeConfig(List.of(), List.of("group/app")),
                SINCE,
                100,
                HistoryReader.Progress.NONE);
    var fleet =
        HistoryFleet.build(
            client, pulled.projects(), ConcurrencyConfig.inferred(), RunnerSites.unknown());
    assertThat(fleet.runners()).extracting(r -> r.id()).containsExactly(6L, 99L);
    var six = fleet.runners().get(0);
    assertThat(six.tagList()).containsExactly("ruby", "mysql");
    assertThat(six.online()).isTrue();
    assertThat(six.paused()).isFalse();
    // jobs 9 and 7 ran on it from 09:00:30 and 09:00:00 for a minute: two at once
    assertThat(six.concurrency()).isEqualTo(2);
    var gone = fleet.runners().get(1);
    assertThat(gone.tagList()).containsExactlyInAnyOrder("docker runner", "win10-2004");
    assertThat(fleet.assumed())
        .contains("runner 6 concurrency 2: inferred: most jobs seen running at once")
        .anyMatch(a -> a.startsWith("runner 99: GitLab no longer shows it"))
        .anyMatch(a -> a.startsWith("zone unknown") && a.endsWith("runners [6, 99]"));
  }
}
