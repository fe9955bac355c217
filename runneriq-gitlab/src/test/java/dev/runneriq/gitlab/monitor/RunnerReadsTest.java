package dev.runneriq.gitlab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.webhook.JobStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poll's runner reads against a scripted GitLab on loopback: several at once within the bound and
 * the rate limit, every runner read, details kept between polls.
 */
class RunnerReadsTest {
  static final String RUNNERS = "/api/v4/runners/all?per_page=100";
  static final String NO_PENDING_JOBS =
      """
      {"data":{"jobs":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[]}}}
      """;

  FakeGitLab gitlab;

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitLab();
    gitlab.on("/api/graphql", Reply.json(NO_PENDING_JOBS));
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  /** Runners 1 to {@code count} as {@code /runners/all} lists them; {@code edited} renamed. */
  static String listing(int count, int edited) {
    var out = new ArrayList<String>();
    for (int id = 1; id <= count; id++) {
      var r = (ObjectNode) Fixtures.json("synthetic/rest_runners_all.synthetic.json").get(0);
      r.put("id", id).put("description", description(id, id == edited));
      out.add(r.toString());
    }
    return "[" + String.join(",", out) + "]";
  }

  static String description(long id, boolean edited) {
    return "docker-" + id + (edited ? " (moved to gpu)" : "");
  }

  /** Runner {@code id} as {@code /runners/:id} shows it, with {@code tag}. */
  static String details(long id, boolean edited) {
    var r = (ObjectNode) Fixtures.json("synthetic/rest_runner_detail.synthetic.json");
    r.put("id", id).put("description", description(id, edited));
    r.putArray("tag_list").add(edited ? "gpu" : "docker");
    return r.toString();
  }

  /** Scripts {@code count} runners, each answer {@code delayMillis} late. */
  void runners(int count, long delayMillis) {
    gitlab.on(RUNNERS, Reply.json(listing(count, 0)));
    for (int id = 1; id <= count; id++) {
      gitlab.on("/api/v4/runners/" + id, Reply.json(details(id, false)).delayed(delayMillis));
      gitlab.on(jobsOf(id), Reply.json("[]").delayed(delayMillis));
    }
  }

  static String jobsOf(long id) {
    return "/api/v4/runners/" + id + "/jobs?status=running&per_page=100";
  }

  Monitor monitor(double requestsPerSecond) {
    var config =
        GitLabConfig.builder(gitlab.url(), Secret.of("glpat-runner-reads"))
            .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
            .requestsPerSecond(requestsPerSecond)
            .build();
    return new Monitor(
        new GitLabClient(config),
        new Monitor.Settings(
            ScopeConfig.everything(), ConcurrencyConfig.inferred(), RunnerSites.unknown(), 10),
        new JobStateStore(),
        InstantSource.fixed(Instant.parse("2026-05-13T10:15:00Z")),
        Calls.NONE,
        o -> {});
  }

  long requestsTo(String target) {
    return gitlab.calls().stream().filter(c -> c.target().equals(target)).count();
  }

  @Test
  void everyRunnerIsReadSeveralAtOnceButNeverMoreThanTheBound() {
    runners(40, 30);

    var view = monitor(1000).refresh();

    assertThat(view.staleReason()).isNull();
    assertThat(view.snapshot().runners())
        .extracting(Runner::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> (long) i).toList());
    assertThat(view.snapshot().runners())
        .allSatisfy(r -> assertThat(r.tagList()).contains("docker"));
    for (int id = 1; id <= 40; id++) {
      assertThat(requestsTo("/api/v4/runners/" + id)).isEqualTo(1);
      assertThat(requestsTo(jobsOf(id))).isEqualTo(1);
    }
    assertThat(gitlab.mostInFlight())
        .as("80 answers of 30 ms each, read in parallel")
        .isBetween(2, RunnerReads.PARALLEL);
  }

  @Test
  void theParallelReadsStillKeepToTheRateLimit() {
    runners(4, 0);

    var view = monitor(5).refresh();

    assertThat(view.staleReason()).isNull();
    // the listing, 4 runners' details and running jobs, the pending jobs: 10 requests at 5 a
    // second are spread over at least 9 intervals of 200 ms
    var arrivals = gitlab.arrivals();
    assertThat(arrivals).hasSize(10);
    long spanMillis = (arrivals.getLast() - arrivals.getFirst()) / 1_000_000;
    assertThat(spanMillis).isGreaterThanOrEqualTo(9 * 200 - 50);
  }

  @Test
  void detailsAreReadATenthAPollAfterTheFirstAndAtOnceWhenTheListingShowsAnEdit() {
    runners(20, 0);
    gitlab.on(
        RUNNERS,
        Reply.json(listing(20, 0)),
        Reply.json(listing(20, 0)),
        Reply.json(listing(20, 5)));
    gitlab.on("/api/v4/runners/5", Reply.json(details(5, false)), Reply.json(details(5, true)));
    var monitor = monitor(1000);

    monitor.refresh();
    List<Long> first = detailsRead();
    monitor.refresh();
    List<Long> second = detailsRead().subList(first.size(), detailsRead().size());
    var third = monitor.refresh();
    List<Long> all = detailsRead();
    List<Long> thirdReads = all.subList(first.size() + second.size(), all.size());

    assertThat(first).hasSize(20);
    assertThat(second).as("the second poll's tenth, by id").containsExactlyInAnyOrder(1L, 11L);
    assertThat(thirdReads)
        .as("the third poll's tenth, and runner 5, renamed in the listing")
        .containsExactlyInAnyOrder(2L, 12L, 5L);
    var five = third.snapshot().runners().stream().filter(r -> r.id() == 5).findFirst();
    assertThat(five).hasValueSatisfying(r -> assertThat(r.tagList()).containsExactly("gpu"));
    for (int id = 1; id <= 20; id++) {
      assertThat(requestsTo(jobsOf(id))).as("running jobs every poll").isEqualTo(3);
    }
  }

  @Test
  void aRunnerThatCannotBeReadFailsThePollAndKeepsTheLastSnapshot() {
    runners(12, 0);
    var monitor = monitor(1000);
    monitor.refresh();
    gitlab.on(jobsOf(7), Reply.status(500, "{\"message\":\"500 Internal Server Error\"}"));

    var view = monitor.refresh();

    assertThat(view.reachable()).isFalse();
    assertThat(view.staleReason()).contains("/api/v4/runners/7/jobs");
    assertThat(view.snapshot().runners()).hasSize(12);
  }

  /** The runner ids whose details were read, in order. */
  List<Long> detailsRead() {
    return gitlab.calls().stream()
        .map(FakeGitLab.Call::target)
        .filter(t -> t.matches("/api/v4/runners/\\d+"))
        .map(t -> Long.parseLong(t.substring(t.lastIndexOf('/') + 1)))
        .toList();
  }
}
