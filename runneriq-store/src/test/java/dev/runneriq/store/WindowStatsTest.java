package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AuditStore#window}: the database's sums equal the same sums made in Java from the
 * decisions, on SQLite and on PostgreSQL, with each job counted once by its latest decision; and
 * {@link AuditStore#latestPerJob} returns those latest decisions with their outcomes.
 */
class WindowStatsTest {
  @TempDir Path dir;

  /** Two cycles on the same jobs (the later one decides the first ten again), and an old one. */
  static List<Decision> decisions() {
    var all = new ArrayList<Decision>(Decisions.cycle(30, 1, Decisions.NOW));
    all.addAll(Decisions.cycle(10, 1, Decisions.NOW.plusSeconds(40)));
    all.addAll(Decisions.cycle(5, 2, Decisions.NOW.minus(Duration.ofHours(2))));
    return all;
  }

  /** Every job's outcome: it waited {@code job % 47} s (none for every fifth), ran a minute. */
  static List<AuditStore.SeenOutcome> outcomes(List<Decision> decisions) {
    var out = new ArrayList<AuditStore.SeenOutcome>();
    decisions.stream()
        .map(Decision::jobId)
        .distinct()
        .forEach(
            job -> {
              var pending = Decisions.NOW.minusSeconds(600);
              var started = job % 5 == 0 ? null : pending.plusSeconds(job % 47);
              out.add(
                  new AuditStore.SeenOutcome(
                      new JobOutcome(
                          job,
                          job % 3 + 1,
                          started == null ? "pending" : "success",
                          pending,
                          started,
                          started == null ? null : started.plusSeconds(60)),
                      Decisions.NOW));
            });
    return out;
  }

  static WindowStats expected(List<Decision> decisions) {
    var since = Decisions.NOW.minus(Duration.ofHours(1));
    var in = decisions.stream().filter(d -> !d.at().isBefore(since)).toList();
    var decidedBy = new TreeMap<String, Long>();
    in.forEach(d -> decidedBy.merge(d.decidedBy().wire(), 1L, Long::sum));
    var latest = new HashMap<Long, Decision>();
    in.forEach(d -> latest.merge(d.jobId(), d, (a, b) -> b.at().isAfter(a.at()) ? b : a));
    var byTier = new TreeMap<String, List<Long>>();
    var runs = new ArrayList<WindowStats.Run>();
    latest.forEach(
        (job, d) -> {
          if (job % 5 != 0) {
            byTier
                .computeIfAbsent(d.priority().tier().name(), t -> new ArrayList<>())
                .add(job % 47);
            var started = Decisions.NOW.minusSeconds(600).plusSeconds(job % 47);
            runs.add(new WindowStats.Run(job % 3 + 1, started, started.plusSeconds(60)));
          }
        });
    var waits = new HashMap<String, WindowStats.Waits>();
    byTier.forEach(
        (tier, list) -> {
          var sorted = list.stream().sorted().toList();
          waits.put(
              tier,
              new WindowStats.Waits(
                  sorted.size(), rank(sorted, 0.5), rank(sorted, 0.95), sorted.getLast()));
        });
    return new WindowStats(decidedBy, waits, runs);
  }

  static long rank(List<Long> sorted, double p) {
    return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
  }

  static void check(AuditStore store) {
    var decisions = decisions();
    store.write(decisions);
    store.recordOutcomes(outcomes(decisions));
    var stats = store.window(Decisions.NOW.minus(Duration.ofHours(1)));
    var want = expected(decisions);
    assertThat(stats.decidedBy()).isEqualTo(want.decidedBy());
    assertThat(stats.waits()).isEqualTo(want.waits());
    assertThat(stats.finished()).containsExactlyInAnyOrderElementsOf(want.finished());
    assertThat(store.window(Decisions.NOW.plusSeconds(3600)))
        .as("nothing after the last decision")
        .isEqualTo(new WindowStats(Map.of(), Map.of(), List.of()));

    // latestPerJob: each job of the window once, by its latest decision, with its outcome
    var since = Decisions.NOW.minus(Duration.ofHours(1));
    var latest = new HashMap<Long, Decision>();
    decisions.stream()
        .filter(d -> !d.at().isBefore(since))
        .forEach(d -> latest.merge(d.jobId(), d, (a, b) -> b.at().isAfter(a.at()) ? b : a));
    var rows = store.latestPerJob(since);
    assertThat(rows)
        .extracting(StoredDecision::id)
        .containsExactlyInAnyOrderElementsOf(latest.values().stream().map(Decision::id).toList());
    assertThat(rows).allMatch(r -> r.outcome() != null && r.outcome().jobId() == r.jobId());
    assertThat(rows).isSortedAccordingTo(java.util.Comparator.comparing(StoredDecision::at));
    assertThat(store.latestPerJob(Decisions.NOW.plusSeconds(3600))).isEmpty();
  }

  @Test
  void sumsOnSqliteEqualTheSumsOfTheDecisions() {
    check(AuditStore.open(StoreConfig.sqlite(dir.resolve("audit.db"))));
  }

  @Test
  // pg is never named in the block: holding it open is what keeps the database up for it
  @SuppressWarnings("try")
  void sumsOnPostgresEqualTheSumsOfTheDecisions() throws Exception {
    int port = PostgresStoreTest.freePort();
    try (var pg = PostgresStoreTest.start(dir.resolve("pg"), port)) {
      check(AuditStore.open(PostgresStoreTest.config(port)));
    }
  }
}
