package dev.runneriq.gitlab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.FakeGitLab.Reply;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor against a scripted GitLab on loopback: the snapshot, stale handling, webhooks. */
class MonitorTest {
  static final String TOKEN = "glpat-monitor-test-token";
  static final Instant NOW = Instant.parse("2026-05-13T10:15:00Z");
  static final String RUNNERS = "/api/v4/runners/all?per_page=100";
  static final String PROJECT = "/api/v4/projects/group%2Fapp";

  /** The created deployments since 10 minutes before the pending job 7002 was created. */
  static final String DEPLOYMENTS =
      PROJECT
          + "/deployments?status=created&order_by=updated_at&sort=asc"
          + "&updated_after=2026-05-13T10%3A00%3A00Z&per_page=100";

  /**
   * A deployment of job 7002 in the shape of GitLab's API::Entities::Deployment; values invented.
   */
  static final String DEPLOYMENT_OF_7002 =
      """
      [{"id": 41, "iid": 3, "ref": "main", "sha": "99d03678b90d914dbb1b109132516d71a4a03ea8",
        "created_at": "2026-05-13T10:10:00.000Z", "updated_at": "2026-05-13T10:10:00.000Z",
        "user": {"id": 7, "username": "alice"},
        "environment": {"id": 9, "name": "production", "slug": "production", "external_url": null,
          "created_at": "2026-01-02T08:00:00.000Z", "updated_at": "2026-05-13T10:10:00.000Z"},
        "deployable": {"id": 7002, "status": "pending", "stage": "test", "name": "rspec 1/4",
          "ref": "main", "tag": false},
        "status": "created"}]
      """;

  FakeGitLab gitlab;
  JobStateStore hooks;
  Monitor monitor;
  final List<JobOutcome> runs = new CopyOnWriteArrayList<>();
  final Map<String, Integer> failures = new ConcurrentHashMap<>();
  final Map<String, Integer> successes = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitLab();
    String runner = Fixtures.text("synthetic/rest_runner_detail.synthetic.json");
    gitlab
        .on(RUNNERS, Reply.json("[" + runner + "]"))
        .on("/api/v4/runners/101", Reply.json(runner))
        .on(
            "/api/v4/runners/101/jobs?status=running&per_page=100",
            Reply.json("[" + running() + "]"))
        .on(
            PROJECT,
            Reply.json(
                "{\"id\":42,\"path_with_namespace\":\"group/app\","
                    + "\"default_branch\":\"main\"}"))
        .on(PROJECT + "/protected_branches?per_page=100", Reply.json("[{\"name\":\"main\"}]"))
        .on(PROJECT + "/protected_tags?per_page=100", Reply.json("[]"))
        .on(
            PROJECT + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100",
            Reply.json(Fixtures.text("synthetic/rest_project_jobs_pending_running.synthetic.json")))
        .on(DEPLOYMENTS, Reply.json("[]"))
        .on(RECENT_JOBS, Reply.json("[" + finished(6001, "deploy", "deployer") + "]"))
        // the pipeline's configuration: rspec asks for a high priority
        .on(
            PROJECT + "/ci/lint?content_ref=0ff3ae198f8601a285adcf5c0fff204ee6fba5fd",
            Reply.json(
                "{\"valid\": true, \"merged_yaml\": \"rspec 1/4:\\n  variables:\\n"
                    + "    RUNNERIQ_PRIORITY: high\\n    OTHER: x\\n\"}"));
    var config =
        GitLabConfig.builder(gitlab.url(), Secret.of(TOKEN))
            .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
            .requestsPerSecond(1000)
            .build();
    hooks = new JobStateStore();
    Calls calls = (endpoint, ok) -> (ok ? successes : failures).merge(endpoint, 1, Integer::sum);
    monitor =
        new Monitor(
            new GitLabClient(config),
            new Monitor.Settings(
                new ScopeConfig(List.of(), List.of("group/app")),
                ConcurrencyConfig.inferred(),
                RunnerSites.unknown(),
                10),
            hooks,
            InstantSource.fixed(NOW),
            calls,
            runs::add);
  }

  static final String RECENT_JOBS =
      PROJECT + "/jobs?scope%5B%5D=success&scope%5B%5D=failed&per_page=100";

  /** The fixture's running job as a job that succeeded, under another id, name and tag. */
  static String finished(long id, String name, String tag) {
    var j =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(1);
    j.put("id", id).put("name", name).put("status", "success");
    j.putArray("tag_list").add(tag);
    return j.toString();
  }

  static String running() {
    var jobs = Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json");
    return jobs.get(1).toString();
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  @Test
  void buildsTheSnapshotFromRunnersRunningJobsAndPendingJobs() {
    var view = monitor.refresh();

    assertThat(view.staleReason()).isNull();
    assertThat(view.reachable()).isTrue();
    var s = view.snapshot();
    assertThat(s.now()).isEqualTo(NOW);
    assertThat(s.runners())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(101);
              assertThat(r.tagList()).containsExactly("docker", "large", "linux");
              assertThat(r.running()).isEqualTo(1);
              assertThat(r.concurrency()).as("inferred from one job seen running").isEqualTo(1);
            });
    assertThat(s.jobs())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.id()).isEqualTo(7002);
              assertThat(j.pipeline().project()).isEqualTo("group/app");
              assertThat(j.pipeline().protectedRef()).isTrue();
              assertThat(j.pipeline().defaultBranch()).isTrue();
              assertThat(j.pipeline().source()).isEqualTo("push");
              assertThat(j.pendingSince()).isEqualTo(NOW.minusMillis(302_500));
              assertThat(j.variables()).isEqualTo(Map.of("RUNNERIQ_PRIORITY", "high"));
            });
    assertThat(runs)
        .extracting(JobOutcome::jobId, JobOutcome::runnerId, JobOutcome::status)
        .contains(org.assertj.core.groups.Tuple.tuple(7001L, 101L, "running"));
    assertThat(successes)
        .containsKeys("runners", "runner", "runner_jobs", "project_jobs", "recent_jobs");
    assertThat(failures).isEmpty();
  }

  @Test
  void aDeploymentStillCreatedNamesThePendingJobsEnvironmentOnce() {
    gitlab.on(DEPLOYMENTS, Reply.json(DEPLOYMENT_OF_7002));

    var first = monitor.refresh();
    var second = monitor.refresh();

    for (var view : List.of(first, second)) {
      assertThat(view.snapshot().jobs())
          .singleElement()
          .satisfies(
              j -> assertThat(j.environment()).isEqualTo(new Environment("production", null)));
    }
    assertThat(successes).containsEntry("deployments", 1);
  }

  @Test
  void deploymentsGitLabWillNotShowAreASkipNotAFailedPoll() {
    gitlab.on(DEPLOYMENTS, Reply.status(403, "{\"message\":\"403 Forbidden\"}"));

    var view = monitor.refresh();

    assertThat(view.staleReason()).isNull();
    assertThat(view.snapshot().jobs())
        .singleElement()
        .satisfies(j -> assertThat(j.environment()).isNull());
    assertThat(view.skipped())
        .singleElement()
        .asString()
        .contains("deployments of group/app skipped", "403")
        .doesNotContain(TOKEN);
  }

  @Test
  void aFailingGitLabKeepsTheLastSnapshotMarkedStaleWithTheReason() {
    var good = monitor.refresh();
    gitlab.on(RUNNERS, Reply.status(500, "{\"message\":\"500 Internal Server Error\"}"));

    var stale = monitor.refresh();

    assertThat(stale.snapshot()).isEqualTo(good.snapshot());
    assertThat(stale.refreshedAt()).isEqualTo(good.refreshedAt());
    assertThat(stale.reachable()).isFalse();
    assertThat(stale.staleReason())
        .contains("500")
        .contains("/api/v4/runners/all")
        .contains("showing the snapshot from")
        .doesNotContain(TOKEN);
    assertThat(failures).containsEntry("runners", 1);

    gitlab.on(
        RUNNERS,
        Reply.json("[" + Fixtures.text("synthetic/rest_runner_detail.synthetic.json") + "]"));
    var back = monitor.refresh();
    assertThat(back.staleReason()).isNull();
    assertThat(back.reachable()).isTrue();
  }

  @Test
  void aProjectGoneFromGitLabIsSkippedAndNamedWhileTheRestOfThePollStands() {
    var config =
        GitLabConfig.builder(gitlab.url(), Secret.of(TOKEN))
            .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
            .requestsPerSecond(1000)
            .build();
    var withGone =
        new Monitor(
            new GitLabClient(config),
            new Monitor.Settings(
                new ScopeConfig(List.of(), List.of("group/app", "group/deleted")),
                ConcurrencyConfig.inferred(),
                RunnerSites.unknown(),
                10),
            hooks,
            InstantSource.fixed(NOW),
            (endpoint, ok) -> {},
            o -> {});

    var view = withGone.refresh();

    assertThat(view.staleReason()).isNull();
    assertThat(view.reachable()).isTrue();
    assertThat(view.snapshot().jobs()).isNotEmpty();
    assertThat(view.skipped())
        .singleElement()
        .asString()
        .contains("project group/deleted skipped", "404")
        .doesNotContain(TOKEN);
    // the scope is re-read every 10 polls; in between the note stays
    assertThat(withGone.refresh().skipped()).hasSize(1);
  }

  @Test
  void inGateModeScheduledJobsOfOptedInProjectsAreHeldUntilAHookShowsThemPending() {
    var scheduled =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(0);
    scheduled.put("id", 7100).put("status", "scheduled");
    gitlab.on(
        PROJECT
            + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&scope%5B%5D=scheduled&per_page=100",
        Reply.json("[" + job(7002) + "," + scheduled + "," + running() + "]"));
    // GitLab made the held deploy's deployment with its pipeline: it is known before its floor
    gitlab.on(
        DEPLOYMENTS, Reply.json(DEPLOYMENT_OF_7002.replace("{\"id\": 7002", "{\"id\": 7100")));
    var gated = gated();

    var view = gated.refresh();
    assertThat(view.held()).containsExactly(7100L);
    assertThat(view.snapshot().jobs()).extracting(j -> j.id()).contains(7002L, 7100L);
    // held since the poll that first listed it: GitLab's job has no scheduled_at
    assertThat(view.snapshot().jobs().stream().filter(j -> j.id() == 7100).findFirst())
        .get()
        .extracting(j -> j.pendingSince())
        .isEqualTo(NOW);
    assertThat(view.snapshot().jobs().stream().filter(j -> j.id() == 7100).findFirst())
        .get()
        .extracting(j -> j.environment())
        .isEqualTo(new Environment("production", null));
    // the jobs running in the opted-in project, for preemption: as the engine reads a job
    assertThat(view.running())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.job().id()).isEqualTo(7001L);
              assertThat(r.job().name()).isEqualTo("compile");
              assertThat(r.job().project()).isEqualTo("group/app");
              assertThat(r.runnerId()).isEqualTo(101L);
              assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-05-13T10:10:03Z"));
            });
    // the advisory monitor asks without the scheduled scope, holds nothing and lists no victims
    var advisory = monitor.refresh();
    assertThat(advisory.held()).isEmpty();
    assertThat(advisory.running()).isEmpty();
    // a hook that shows the running job ended drops it before the next poll
    gated.onEvent(
        hook(7001, "compile", "success", 101L),
        hooks.apply(hook(7001, "compile", "success", 101L)));
    assertThat(gated.current().running()).isEmpty();

    // played: GitLab's pending hook ends the hold before the next poll
    gated.onEvent(hook(7100, "pending", null), hooks.apply(hook(7100, "pending", null)));
    assertThat(gated.current().held()).isEmpty();
  }

  @Test
  void aJobOfAnOptedInProjectEndingMakesTheMonitorReadItsHeldJobsBeforeTheNextPoll() {
    String scope =
        PROJECT
            + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&scope%5B%5D=scheduled&per_page=100";
    gitlab.on(scope, Reply.json("[" + job(7002) + "," + running() + "]"));
    var gated = gated();
    assertThat(gated.refresh().held()).isEmpty();
    assertThat(gated.pendingReads()).isZero();

    // the compile job ends: the next stage's job is held by the template now
    var next =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(0);
    next.put("id", 7200).put("status", "scheduled");
    gitlab.on(scope, Reply.json("[" + job(7002) + "," + next + "]"));
    var ended = hook(7001, "compile", "success", 101L);
    gated.onEvent(ended, hooks.apply(ended));
    assertThat(gated.pendingReads()).as("group/app is due for a read").isEqualTo(1);
    // a job of a project gate mode does not act in makes nothing due
    var other = withProject(hook(8001, "lint", "failed", 101L), "group/other");
    gated.onEvent(other, hooks.apply(other));
    assertThat(gated.pendingReads()).isEqualTo(1);

    assertThat(gated.readAnnounced(5)).isEqualTo(1);
    var view = gated.current();
    assertThat(view.held()).containsExactly(7200L);
    assertThat(view.snapshot().jobs()).extracting(j -> j.id()).contains(7200L);
    assertThat(gated.pendingReads()).isZero();

    // played: GitLab's pending hook ends the hold at once
    var played = hook(7200, "pending", null);
    gated.onEvent(played, hooks.apply(played));
    assertThat(gated.current().held()).isEmpty();
  }

  /** A monitor in gate mode, whose project group/app holds its jobs. */
  Monitor gated() {
    return new Monitor(
        new GitLabClient(
            GitLabConfig.builder(gitlab.url(), Secret.of(TOKEN)).requestsPerSecond(1000).build()),
        new Monitor.Settings(
            new ScopeConfig(List.of(), List.of("group/app")),
            ConcurrencyConfig.inferred(),
            RunnerSites.unknown(),
            10,
            path -> path.equals("group/app")),
        hooks,
        InstantSource.fixed(NOW),
        (e, ok) -> {},
        o -> {});
  }

  static JobEvent withProject(JobEvent e, String path) {
    return new JobEvent(
        e.id(),
        e.name(),
        e.stage(),
        e.status(),
        e.pipelineId(),
        e.projectId() + 1,
        path,
        e.defaultBranch(),
        e.ref(),
        e.tag(),
        e.createdAt(),
        e.startedAt(),
        e.finishedAt(),
        e.queuedDurationS(),
        e.runnerId(),
        e.runnerTags(),
        e.environment(),
        e.deploymentTier(),
        e.user(),
        e.failureReason(),
        e.durationS());
  }

  static JobEvent hook(long id, String status, Long runner) {
    return hook(id, "lint", status, runner);
  }

  static JobEvent hook(long id, String name, String status, Long runner) {
    return new JobEvent(
        id,
        name,
        "test",
        status,
        5001,
        42,
        "group/app",
        "main",
        "main",
        false,
        NOW.minusSeconds(5),
        null,
        null,
        null,
        runner,
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  /** The pending job of the fixture under another id. */
  static String job(long id) {
    var j =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(0);
    j.put("id", id);
    return j.toString();
  }

  /** A hook as the receiver hands it on: folded into the store, then told to the monitor. */
  void tell(JobEvent e) {
    monitor.onEvent(e, hooks.apply(e));
  }

  long calls(String target) {
    return gitlab.calls().stream().filter(c -> c.target().equals(target)).count();
  }

  @Test
  void aJobAHookShowedThatIsGoneIsSkippedNotAFailedPoll() {
    monitor.refresh();
    // a hook says a job became pending; by the time it is read, it was deleted
    tell(hook(99_999, "pending", null));

    var view = monitor.current(4);

    assertThat(view.staleReason()).isNull();
    assertThat(view.skipped())
        .anySatisfy(n -> assertThat(n).contains("1 job of group/app announced by hooks skipped"));
    assertThat(monitor.hookBacklog()).isZero();
  }

  @Test
  void aHookIsAppliedToTheSnapshotWithoutAPoll() {
    monitor.refresh();
    long polls = calls(RUNNERS);
    gitlab.on(PROJECT + "/jobs/8001", Reply.json(job(8001)));

    tell(hook(8001, "pending", null));
    var view = monitor.current(4);

    assertThat(view.snapshot().jobs()).extracting(j -> j.id()).containsExactly(7002L, 8001L);
    assertThat(calls(PROJECT + "/jobs/8001")).isEqualTo(1);
    assertThat(calls(RUNNERS)).as("no poll").isEqualTo(polls);
    assertThat(monitor.takeHookAge(8001)).isNotNegative();
    assertThat(monitor.takeHookAge(8001)).as("asked once").isEqualTo(-1);

    // the polled job starts on runner 101: it leaves the queue and the runner's load grows
    tell(hook(7002, "running", 101L));
    var after = monitor.current(4);
    assertThat(after.snapshot().jobs()).extracting(j -> j.id()).containsExactly(8001L);
    assertThat(after.snapshot().runners().get(0).running()).isEqualTo(2);
    assertThat(calls(RUNNERS)).isEqualTo(polls);
  }

  @Test
  void aBurstOfHooksIsReadProjectByProjectAndWhatIsLeftWaitsForTheNextUpdate() {
    monitor.refresh();
    var listing = new StringBuilder("[");
    for (long id = 9000; id < 9050; id++) {
      tell(hook(id, "pending", null));
      listing.append(id == 9000 ? "" : ",").append(job(id));
    }
    // ten more the listing does not show (ended by the time it is read): read one by one
    for (long id = 9100; id < 9110; id++) {
      tell(hook(id, "pending", null));
      gitlab.on(PROJECT + "/jobs/" + id, Reply.json(job(id)));
    }
    gitlab.on(
        PROJECT + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100",
        Reply.json(listing.append("]").toString()));
    long listings = calls(PROJECT + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100");

    var view = monitor.current(4);

    // one listing read 50 jobs; three more reads took three of the other ten
    assertThat(view.snapshot().jobs()).hasSize(1 + 50 + 3);
    assertThat(calls(PROJECT + "/jobs?scope%5B%5D=pending&scope%5B%5D=running&per_page=100"))
        .isEqualTo(listings + 1);
    assertThat(monitor.hookBacklog()).isEqualTo(7);
    for (int i = 0; i < 5 && monitor.hookBacklog() > 0; i++) {
      monitor.current(4);
    }
    assertThat(monitor.hookBacklog()).isZero();
    assertThat(monitor.current(4).snapshot().jobs()).hasSize(1 + 50 + 10);
  }

  @Test
  void aJobOfAKnownNameIsDecidedFromItsHookBeforeItIsRead() {
    monitor.refresh();
    // "rspec 1/4" was polled with tags docker and linux, "deploy" finished on deployer before the
    // service started; "lint" was never seen
    tell(hook(8100, "rspec 1/4", "pending", null));
    tell(hook(8101, "lint", "pending", null));
    tell(hook(8102, "deploy", "pending", null));

    var before = monitor.current(0);

    assertThat(before.snapshot().jobs())
        .extracting(j -> j.id())
        .containsExactly(7002L, 8100L, 8102L);
    assertThat(before.snapshot().jobs().get(2).tagList()).containsExactly("deployer");
    var provisional = before.snapshot().jobs().get(1);
    assertThat(provisional.tagList()).containsExactly("docker", "linux");
    assertThat(provisional.name()).isEqualTo("rspec 1/4");
    assertThat(provisional.pendingSince()).isEqualTo(NOW.minusSeconds(5));
    assertThat(monitor.hookBacklog()).as("still to be read").isEqualTo(3);
    assertThat(gitlab.calls()).noneMatch(c -> c.target().startsWith(PROJECT + "/jobs/81"));

    // the read replaces it: GitLab says this one runs on gpu
    var read =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").get(0);
    read.put("id", 8100);
    read.putArray("tag_list").add("gpu");
    gitlab.on(PROJECT + "/jobs/8100", Reply.json(read.toString()));
    gitlab.on(PROJECT + "/jobs/8101", Reply.json(job(8101)));
    gitlab.on(PROJECT + "/jobs/8102", Reply.json(job(8102)));

    var after = monitor.current(4);

    assertThat(after.snapshot().jobs())
        .extracting(j -> j.id())
        .containsExactly(7002L, 8100L, 8101L, 8102L);
    assertThat(after.snapshot().jobs().get(1).tagList()).containsExactly("gpu");
    assertThat(monitor.hookBacklog()).isZero();
  }

  @Test
  void everyJobOfABurstBeyondWhatCanBeReadIsDecidedFromItsHook() {
    monitor.refresh();
    // more than a thousand at once: far more than the rate limit lets the reader read soon
    int burst = 3_000;
    for (long id = 0; id < burst; id++) {
      tell(hook(2_000_000 + id, "rspec 1/4", "pending", null));
    }

    var view = monitor.current(0);

    assertThat(view.snapshot().jobs()).hasSize(1 + burst);
    assertThat(view.snapshot().jobs().get(burst).id()).isEqualTo(2_000_000L + burst - 1);
    assertThat(monitor.hookBacklog()).as("still to be read").isEqualTo(burst);
  }

  @Test
  void aProjectWhoseFinishedJobsCannotBeReadIsPolledAllTheSame() {
    gitlab.on(RECENT_JOBS, Reply.status(403, "{\"message\":\"403 Forbidden\"}"));

    var view = monitor.refresh();

    assertThat(view.staleReason()).isNull();
    assertThat(view.snapshot().jobs()).extracting(j -> j.id()).containsExactly(7002L);
    // what the poll saw is still learnt: a new "rspec 1/4" is decided before its read
    tell(hook(8200, "rspec 1/4", "pending", null));
    tell(hook(8201, "deploy", "pending", null));
    assertThat(monitor.current(0).snapshot().jobs())
        .extracting(j -> j.id())
        .containsExactly(7002L, 8200L);
  }

  @Test
  void pastItsBoundTheHookBacklogDropsAndCounts() {
    for (long id = 0; id < Monitor.HOOK_BACKLOG + 5; id++) {
      tell(hook(1_000_000 + id, "pending", null));
    }
    assertThat(monitor.hookBacklog()).isEqualTo(Monitor.HOOK_BACKLOG);
    assertThat(monitor.hookDropped()).isEqualTo(5);
  }

  @Test
  void beforeTheFirstGoodPollTheSnapshotIsEmptyAndSaysWhy() {
    gitlab.on(RUNNERS, Reply.status(503, "{\"message\":\"down\"}"));
    var view = monitor.refresh();
    assertThat(view.snapshot().jobs()).isEmpty();
    assertThat(view.staleReason()).contains("503");
    assertThat(view.reachable()).isFalse();
  }

  @Test
  void aWebhookShowingTheJobStartedDropsItFromTheQueueAndWakesTheLoop() throws Exception {
    var receiver = new WebhookReceiver(WebhookConfig.of(Secret.of("hook")), hooks, monitor);
    long seen = monitor.changes();
    String hook =
        Fixtures.text("synthetic/hook_job_pending.synthetic.json")
            .replace("\"build_status\": \"pending\"", "\"build_status\": \"running\"")
            .replace(
                "\"build_started_at\": null", "\"build_started_at\": \"2026-05-13 10:15:10 UTC\"")
            .replace("\"runner\": null", "\"runner\": {\"id\": 101, \"tags\": []}");
    var result =
        receiver.receive(
            Map.of("X-Gitlab-Token", List.of("hook")), hook.getBytes(StandardCharsets.UTF_8));
    assertThat(result.statusCode()).as(result.toString()).isEqualTo(200);

    assertThat(monitor.awaitChange(seen, Duration.ofSeconds(1))).isGreaterThan(seen);
    assertThat(runs)
        .anySatisfy(
            r -> {
              assertThat(r.jobId()).isEqualTo(7002);
              assertThat(r.runnerId()).isEqualTo(101);
              assertThat(r.status()).isEqualTo("running");
              assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-05-13T10:15:10Z"));
            });
    assertThat(monitor.refresh().snapshot().jobs()).isEmpty();
  }
}
