package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.formats.Documents;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {
  @TempDir Path dir;

  AuditStore sqlite() {
    return AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db")));
  }

  @Test
  void sqliteFileUsesWriteAheadLogging() throws Exception {
    sqlite();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit.db"));
        var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void writesAreIdempotentAndKeepTheWholeDecision() throws Exception {
    var store = sqlite();
    var decisions = Decisions.cycle(20, 1, Decisions.NOW);
    store.write(decisions);
    store.write(decisions);
    assertThat(store.count()).isEqualTo(20);

    Decision first = decisions.get(0);
    var stored = store.byId(first.id()).orElseThrow();
    JsonNode body = Documents.JSON.readTree(stored.json());
    assertThat(body.get("explanation").asText()).isEqualTo(first.explanation().text());
    assertThat(body.get("priority").get("tier").asText()).isEqualTo(first.priority().tier().name());
    assertThat(stored.decidedBy()).isEqualTo(first.decidedBy().wire());
  }

  @Test
  void queriesFilterByJobPipelineProjectTierDecidedByAndTime() {
    var store = sqlite();
    store.write(Decisions.cycle(30, 1, Decisions.NOW));
    store.write(Decisions.cycle(30, 2, Decisions.NOW.plusSeconds(3600)));

    var all = store.query(DecisionQuery.all(1000));
    assertThat(all).hasSize(60);
    assertThat(all.get(0).at()).isAfterOrEqualTo(all.get(59).at());

    var deploys = store.query(new DecisionQuery(null, 77L, null, null, null, null, null, 1000, 0));
    assertThat(deploys).isNotEmpty().allMatch(d -> d.jobName().equals("deploy-prod"));
    var api =
        store.query(new DecisionQuery(null, null, "shop/api", null, null, null, null, 1000, 0));
    assertThat(api).hasSize(60 - deploys.size()).allMatch(d -> d.project().equals("shop/api"));
    var critical =
        store.query(new DecisionQuery(null, null, null, "CRITICAL", null, null, null, 1000, 0));
    assertThat(critical).isNotEmpty().allMatch(d -> d.tier().equals("CRITICAL"));
    var ruled =
        store.query(new DecisionQuery(null, null, null, null, "rules", null, null, 1000, 0));
    assertThat(ruled).allMatch(d -> d.decidedBy().equals("rules"));
    var later =
        store.query(
            new DecisionQuery(
                null, null, null, null, null, Decisions.NOW.plusSeconds(1), null, 1000, 0));
    assertThat(later).hasSize(30);
    long someJob = all.get(7).jobId();
    assertThat(store.query(DecisionQuery.all(10).withJob(someJob)))
        .singleElement()
        .extracting(StoredDecision::jobId)
        .isEqualTo(someJob);

    var page1 = store.query(new DecisionQuery(null, null, null, null, null, null, null, 25, 0));
    var page3 = store.query(new DecisionQuery(null, null, null, null, null, null, null, 25, 50));
    assertThat(page1).hasSize(25);
    assertThat(page3).hasSize(10);
  }

  @Test
  void outcomesJoinTheAdviceToWhatHappened() {
    var store = sqlite();
    var decisions = Decisions.cycle(10, 1, Decisions.NOW);
    store.write(decisions);
    var assigned = decisions.stream().filter(d -> d.runnerId() != null).findFirst().orElseThrow();
    long advised = assigned.runnerId();
    Instant pending = Decisions.NOW.minusSeconds(120);
    store.recordOutcome(
        new JobOutcome(assigned.jobId(), null, "pending", pending, null, null), Decisions.NOW);
    store.recordOutcome(
        new JobOutcome(
            assigned.jobId(), advised + 1, "running", null, Decisions.NOW.plusSeconds(30), null),
        Decisions.NOW.plusSeconds(30));

    var stored = store.byId(assigned.id()).orElseThrow();
    assertThat(stored.outcome()).isNotNull();
    assertThat(stored.outcome().status()).isEqualTo("running");
    assertThat(stored.outcome().pendingAt()).as("kept from the earlier event").isEqualTo(pending);
    assertThat(stored.outcome().waitedSeconds()).isEqualTo(150);
    assertThat(stored.followed()).isFalse();
  }

  @Test
  void aBatchOfOutcomesIsAppliedInOrderInOneTransaction() {
    var store = sqlite();
    var decisions = Decisions.cycle(10, 1, Decisions.NOW);
    store.write(decisions);
    var d = decisions.getFirst();
    Instant pending = Decisions.NOW.minusSeconds(60);
    Instant started = Decisions.NOW.plusSeconds(10);
    Instant finished = Decisions.NOW.plusSeconds(100);
    store.recordOutcomes(
        List.of(
            new AuditStore.SeenOutcome(
                new JobOutcome(d.jobId(), null, "pending", pending, null, null), Decisions.NOW),
            new AuditStore.SeenOutcome(
                new JobOutcome(d.jobId(), 7L, "running", null, started, null), started),
            new AuditStore.SeenOutcome(
                new JobOutcome(d.jobId(), null, "success", null, null, finished), finished)));

    var o = store.byId(d.id()).orElseThrow().outcome();
    assertThat(o.status()).isEqualTo("success");
    assertThat(o.runnerId()).as("kept from the running sighting").isEqualTo(7L);
    assertThat(o.pendingAt()).isEqualTo(pending);
    assertThat(o.startedAt()).isEqualTo(started);
    assertThat(o.finishedAt()).isEqualTo(finished);
    assertThat(o.waitedSeconds()).isEqualTo(70);
  }

  @Test
  void pruningRemovesOldDecisionsAndOutcomesNoDecisionJoinsAndKeepsTheRest() {
    var store = sqlite();
    Instant old = Decisions.NOW.minus(java.time.Duration.ofDays(40));
    var before = Decisions.cycle(6, 1, old);
    var after = Decisions.cycle(4, 2, Decisions.NOW);
    store.write(before);
    store.write(after);
    store.recordOutcome(
        new JobOutcome(before.get(0).jobId(), 1L, "success", null, old, old.plusSeconds(60)),
        old.plusSeconds(60));
    store.recordOutcome(
        new JobOutcome(after.get(0).jobId(), 2L, "running", null, Decisions.NOW, null),
        Decisions.NOW);

    int removed = store.prune(Decisions.NOW.minus(java.time.Duration.ofDays(30)));

    assertThat(removed).isEqualTo(6);
    assertThat(store.count()).isEqualTo(4);
    assertThat(store.byId(before.get(0).id())).isEmpty();
    var kept = store.byId(after.get(0).id()).orElseThrow();
    assertThat(kept.outcome()).as("an outcome a kept decision joins stays").isNotNull();
    assertThat(store.prune(Decisions.NOW.minus(java.time.Duration.ofDays(30)))).isZero();
  }

  @Test
  void theAsyncLogPrunesOnItsWriterAfterWhatItAcceptedBefore() {
    var store = sqlite();
    Instant old = Decisions.NOW.minus(java.time.Duration.ofDays(40));
    try (var log = new AsyncAuditLog(store, 16)) {
      Decisions.cycle(5, 3, old).forEach(log::onDecision);
      log.prune(Decisions.NOW.minus(java.time.Duration.ofDays(30)));
      Decisions.cycle(3, 4, Decisions.NOW).forEach(log::onDecision);
      assertThat(log.flush(java.time.Duration.ofSeconds(10))).isTrue();
      assertThat(log.pruned()).isEqualTo(5);
    }
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  void aBadUrlIsRejectedNamingTheKeyWithoutThePassword() {
    assertThatThrownBy(() -> new StoreConfig("mysql://db?password=hunter2", null, null))
        .hasMessageContaining("store.url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutItsPassword() {
    var config =
        new StoreConfig(
            "jdbc:postgresql://127.0.0.1:1/runneriq?connectTimeout=1", "u", "secret-pw");
    assertThatThrownBy(() -> AuditStore.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  void asyncLogKeepsEverythingWhenTheQueueOverflows() {
    var store = sqlite();
    try (var log = new AsyncAuditLog(store, 16)) {
      for (int cycle = 0; cycle < 20; cycle++) {
        Decisions.cycle(100, cycle + 1, Decisions.NOW.plusSeconds(cycle)).forEach(log::onDecision);
      }
      assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(log.overflowed()).isPositive();
      assertThat(log.written()).isEqualTo(2000);
    }
    assertThat(store.count()).isEqualTo(2000);
  }
}
