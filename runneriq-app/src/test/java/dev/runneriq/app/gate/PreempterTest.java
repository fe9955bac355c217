package dev.runneriq.app.gate;

import static dev.runneriq.app.gate.PreemptPlanTest.LINTS;
import static dev.runneriq.app.gate.PreemptPlanTest.TWO_LINTS;
import static dev.runneriq.app.gate.PreemptPlanTest.full;
import static dev.runneriq.app.gate.PreemptPlanTest.waiting;
import static dev.runneriq.core.testing.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Snapshot;
import dev.runneriq.gitlab.FakeGitLab;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoredAction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preempter on a real SQLite action log: what it records around each write, what it does after
 * a restart, and how its hourly cap counts. GitLab's side is a recorder of the writes it was sent
 * (the HTTP client and the simulated GitLab are tested end to end in GatePreemptServiceTest).
 */
class PreempterTest {
  @TempDir Path dir;

  /** GitLab's writes as requests received: {@code cancel shop/web 21}, in order. */
  static final class Received implements Actuator.Writes {
    final List<String> requests = new ArrayList<>();
    long next = 9_000;

    @Override
    public String play(String project, long jobId) {
      requests.add("play " + project + " " + jobId);
      return "pending";
    }

    @Override
    public String cancel(String project, long jobId) {
      requests.add("cancel " + project + " " + jobId);
      return "canceled";
    }

    @Override
    public long retry(String project, long jobId) {
      requests.add("retry " + project + " " + jobId);
      return next++;
    }
  }

  AuditStore store() {
    return AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
  }

  static Journal journal(AuditStore store) {
    return new StoreJournal(store.actions(), "test", InstantSource.fixed(NOW));
  }

  static Preempter preempter(Journal journal, Received gitlab) {
    return new Preempter(PreemptPlanTest.plan(LINTS), journal, gitlab, InstantSource.fixed(NOW));
  }

  static Actuator.Offer offer(Snapshot s) {
    return new Actuator.Offer(s, Set.of(11L), TWO_LINTS, Map.of(11L, "d-11"));
  }

  static List<StoredAction> actions(AuditStore store, ActionKind kind) {
    return store
        .actions()
        .query(new ActionQuery(null, null, kind.wire(), null, null, null, 100, 0));
  }

  @Test
  void playsTheHeldCriticalJobThenCancelsAndRetriesTheVictimRecordingEachWrite() {
    var store = store();
    var gitlab = new Received();
    var played = new ArrayList<Long>();
    var p = preempter(journal(store), gitlab);
    boolean more =
        p.act(
            offer(full(waiting(11, 4))),
            Set.of(),
            false,
            () -> true,
            (job, decision, why) -> {
              played.add(job.id());
              gitlab.play(job.project(), job.id());
              return Actuator.PlayResult.DONE;
            });
    assertThat(more).isTrue();
    assertThat(played).containsExactly(11L);
    assertThat(gitlab.requests)
        .containsExactly("play shop/web 11", "cancel shop/web 21", "retry shop/web 21");
    var cancel = actions(store, ActionKind.CANCEL);
    assertThat(cancel)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo(21L);
              assertThat(a.decisionId()).isEqualTo("d-11");
              assertThat(a.state().wire()).isEqualTo("done");
              assertThat(a.reason())
                  .startsWith("for CRITICAL job 11 (shop/web deploy-prod), waiting 240 s")
                  .contains("this LOW job ran 120 s on runner 2");
            });
    var retry = actions(store, ActionKind.RETRY);
    assertThat(retry)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.jobId()).isEqualTo(21L);
              assertThat(a.newJobId()).isEqualTo(9_000L);
            });
    var counts = p.counts();
    assertThat(counts.cancelled()).isEqualTo(1);
    assertThat(counts.retried()).isEqualTo(1);
    assertThat(counts.wastedRunnerS()).isEqualTo(120);
    assertThat(counts.lastHour()).isEqualTo(1);

    // the same job is helped again only after a while; the cancelled victim never again
    p.act(
        offer(full(waiting(11, 5))),
        Set.of(11L),
        false,
        () -> true,
        (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
    assertThat(gitlab.requests).hasSize(3);
  }

  @Test
  void aCancelRecordedWithoutItsRetryIsRetriedByTheNextInstanceOnceAndTheCapOutlivesIt() {
    var store = store();
    var before = journal(store);
    long id = before.intend(ActionKind.CANCEL, 21, "shop/web", null, "for CRITICAL job 11", false);
    before.answered(id, "done", 201, "the job is canceled", null);
    // the process stopped here, before it retried job 21

    var gitlab = new Received();
    var waitingTooShort = new Snapshot(NOW, List.of(), List.of());
    preempter(journal(store), gitlab)
        .act(
            offer(waitingTooShort),
            Set.of(),
            false,
            () -> true,
            (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
    assertThat(gitlab.requests).containsExactly("retry shop/web 21");
    assertThat(actions(store, ActionKind.RETRY))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason()).contains("its retry was not");
              assertThat(a.newJobId()).isEqualTo(9_000L);
            });

    var again = new Received();
    var third = preempter(journal(store), again);
    third.act(
        offer(waitingTooShort),
        Set.of(),
        false,
        () -> true,
        (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
    assertThat(again.requests).as("retried once, across restarts").isEmpty();
    assertThat(third.counts().lastHour()).as("the cancel of the last hour counts").isEqualTo(1);
  }

  @Test
  void theHourlyCapCountsCancellationsRecordedBeforeARestart() {
    var store = store();
    var before = journal(store);
    for (long job = 100; job < 106; job++) {
      long id = before.intend(ActionKind.CANCEL, job, "shop/web", null, "earlier", false);
      before.answered(id, "done", 201, "the job is canceled", null);
      long r = before.intend(ActionKind.RETRY, job, "shop/web", null, "earlier", false);
      before.answered(r, "done", 201, "new job", job + 1_000);
    }
    var gitlab = new Received();
    var p = preempter(journal(store), gitlab);
    p.act(
        offer(full(waiting(11, 30))),
        Set.of(),
        false,
        () -> true,
        (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
    assertThat(gitlab.requests).as("six an hour, six sent already").isEmpty();
    assertThat(p.counts().lastHour()).isEqualTo(6);
  }

  @Test
  void aRetryGitLabRefusesIsRecordedCountedAndNotSentAgain() throws Exception {
    // GitLab over loopback: the cancel is done, the retry refused (someone retried it first)
    try (var gitlab = new FakeGitLab()) {
      gitlab
          .on(
              "/api/v4/projects/shop%2Fweb/jobs/21/cancel",
              FakeGitLab.Reply.status(201, "{\"id\": 21, \"status\": \"canceled\"}"))
          .on(
              "/api/v4/projects/shop%2Fweb/jobs/21/retry",
              FakeGitLab.Reply.status(
                  403, "{\"message\": \"403 Forbidden - Job is not retryable\"}"));
      var client =
          new GitLabClient(
              GitLabConfig.builder(gitlab.url(), Secret.of("glpat-test"))
                  .retry(1, Duration.ofMillis(10), Duration.ofMillis(10))
                  .requestsPerSecond(1000)
                  .build());
      var store = store();
      var p =
          new Preempter(
              PreemptPlanTest.plan(LINTS),
              journal(store),
              new Gates.ClientWrites(client),
              InstantSource.fixed(NOW));
      p.act(
          offer(full(waiting(11, 4))),
          Set.of(11L),
          false,
          () -> true,
          (j, d, w) -> Actuator.PlayResult.DONE);

      assertThat(actions(store, ActionKind.CANCEL))
          .singleElement()
          .satisfies(a -> assertThat(a.state().wire()).isEqualTo("done"));
      assertThat(actions(store, ActionKind.RETRY))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.state().wire()).isEqualTo("forbidden");
                assertThat(a.httpStatus()).isEqualTo(403);
                assertThat(a.answer()).contains("Job is not retryable");
                assertThat(a.newJobId()).isNull();
              });
      assertThat(p.counts().retryFailed()).isEqualTo(1);
      assertThat(p.counts().retried()).isZero();

      // a later instance does not try the refused retry again: it is recorded
      var again = new Received();
      preempter(journal(store), again)
          .act(
              offer(new Snapshot(NOW, List.of(), List.of())),
              Set.of(),
              false,
              () -> true,
              (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
      assertThat(again.requests).isEmpty();
    }
  }

  @Test
  void aDryRunRecordsEachCancellationOnceAndSendsNothing() {
    var store = store();
    var gitlab = new Received();
    var p = preempter(journal(store), gitlab);
    for (int i = 0; i < 3; i++) {
      p.act(
          offer(full(waiting(11, 4 + i))),
          Set.of(),
          true,
          () -> true,
          (j, d, w) -> Actuator.PlayResult.NOT_PLAYED);
    }
    assertThat(gitlab.requests).isEmpty();
    assertThat(actions(store, ActionKind.CANCEL))
        .singleElement()
        .satisfies(a -> assertThat(a.state().wire()).isEqualTo("dry_run"));
  }
}
