package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The action log on a SQLite file and on a real PostgreSQL server: each test opens a fresh
 * database, and a second {@link AuditStore} on it stands for a restarted or second process.
 */
class ActionLogTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  static final AtomicInteger DATABASES = new AtomicInteger();
  static @TempDir Path dir;
  static EmbeddedPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  /** Makes a fresh, empty database each time it is asked, and says where it is. */
  static Stream<Named<Supplier<StoreConfig>>> databases() {
    return Stream.of(
        Named.of(
            "SQLite file",
            () ->
                StoreConfig.sqlite(dir.resolve("actions-" + DATABASES.incrementAndGet() + ".db"))),
        Named.of("PostgreSQL", ActionLogTest::freshPostgres));
  }

  static StoreConfig freshPostgres() {
    String name = "actions_" + DATABASES.incrementAndGet();
    try (var c = pg.getPostgresDatabase().getConnection();
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return new StoreConfig(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
  }

  static PlannedAction plan(ActionKind kind, long job, String project, Instant at) {
    return new PlannedAction(
        kind, job, project, "01DECISION" + job, kind.wire() + " job " + job, false, at, "serve-a");
  }

  static PlannedAction dryRun(ActionKind kind, long job) {
    return new PlannedAction(kind, job, "shop/web", null, "would play", true, T0, "serve-a");
  }

  static Answer done(Instant at, int status) {
    return new Answer(ActionState.DONE, at, status, "ok", null);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anIntentIsCommittedBeforeItReturnsAndCountsUntilAndAfterItIsAnswered(
      Supplier<StoreConfig> database) {
    var config = database.get();
    var log = AuditStore.open(config).actions();
    long id = log.intend(plan(ActionKind.PLAY, 501, "shop/web", T0));

    // a process that died here, between sending and recording the answer, restarts:
    var restarted = AuditStore.open(config).actions();
    var sent = restarted.byId(id).orElseThrow();
    assertThat(sent.state()).isEqualTo(ActionState.SENT);
    assertThat(sent.answeredAt()).isNull();
    assertThat(sent.decisionId()).isEqualTo("01DECISION501");
    assertThat(sent.instance()).isEqualTo("serve-a");
    assertThat(restarted.alreadyActed(ActionKind.PLAY, 501)).isTrue();
    assertThat(restarted.alreadyActed(ActionKind.CANCEL, 501)).isFalse();
    assertThat(restarted.alreadyActed(ActionKind.PLAY, 502)).isFalse();

    restarted.answered(id, done(T0.plusMillis(180), 200));
    var answered = log.byId(id).orElseThrow();
    assertThat(answered.state()).isEqualTo(ActionState.DONE);
    assertThat(answered.httpStatus()).isEqualTo(200);
    assertThat(answered.answeredAt()).isEqualTo(T0.plusMillis(180));
    assertThat(log.alreadyActed(ActionKind.PLAY, 501)).isTrue();
    assertThatThrownBy(() -> log.answered(id, done(T0.plusSeconds(1), 200)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("action " + id + " is done, not awaiting an answer");
    assertThatThrownBy(() -> log.answered(id + 1000, done(T0, 200)))
        .hasMessage("no action " + (id + 1000));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aJobIsNeverAskedTheSameTwiceEvenAfterAFailureOrFromAnotherProcess(
      Supplier<StoreConfig> database) {
    var config = database.get();
    var log = AuditStore.open(config).actions();
    long first = log.intend(plan(ActionKind.CANCEL, 700, "shop/web", T0));
    log.answered(first, new Answer(ActionState.FAILED, T0, 500, "500 Internal Server Error", null));

    var other = AuditStore.open(config).actions();
    assertThatThrownBy(() -> other.intend(plan(ActionKind.CANCEL, 700, "shop/web", T0)))
        .isInstanceOfSatisfying(
            AlreadyActedException.class, e -> assertThat(e.earlierId()).isEqualTo(first))
        .hasMessage(
            "job 700 was already asked to cancel (action " + first + "); it is never asked twice");
    assertThat(other.intend(plan(ActionKind.RETRY, 700, "shop/web", T0))).isNotEqualTo(first);
    assertThat(log.query(ActionQuery.all(10))).hasSize(2);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void ofManyProcessesRacingToPlayOneJobExactlyOneWritesItsIntent(Supplier<StoreConfig> database)
      throws Exception {
    var config = database.get();
    AuditStore.open(config);
    int racers = 6;
    var start = new CountDownLatch(1);
    var pool = Executors.newFixedThreadPool(racers);
    try {
      var results = new ArrayList<Future<Long>>();
      for (int i = 0; i < racers; i++) {
        var log = AuditStore.open(config).actions();
        Callable<Long> race =
            () -> {
              start.await();
              return log.intend(plan(ActionKind.PLAY, 42, "shop/web", T0));
            };
        results.add(pool.submit(race));
      }
      start.countDown();
      int won = 0;
      int refused = 0;
      for (var r : results) {
        try {
          r.get(60, TimeUnit.SECONDS);
          won++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(AlreadyActedException.class);
          refused++;
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(refused).isEqualTo(racers - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void dryRunsAreLoggedButNeitherCountAsActingNorStopARealWrite(Supplier<StoreConfig> database) {
    var log = AuditStore.open(database.get()).actions();
    long dry = log.intend(dryRun(ActionKind.PLAY, 501));
    log.intend(dryRun(ActionKind.PLAY, 501));
    assertThat(log.byId(dry).orElseThrow().state()).isEqualTo(ActionState.DRY_RUN);
    assertThat(log.byId(dry).orElseThrow().dryRun()).isTrue();
    assertThat(log.alreadyActed(ActionKind.PLAY, 501)).isFalse();
    assertThatThrownBy(() -> log.answered(dry, done(T0, 200)))
        .hasMessage("action " + dry + " is dry_run, not awaiting an answer");

    long real = log.intend(plan(ActionKind.PLAY, 501, "shop/web", T0));
    assertThat(log.alreadyActed(ActionKind.PLAY, 501)).isTrue();
    assertThat(log.byId(real).orElseThrow().state()).isEqualTo(ActionState.SENT);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRetryKeepsItsNewJobAndAModeChangeSaysFromWhatToWhatAndWhoAsked(
      Supplier<StoreConfig> database) {
    var log = AuditStore.open(database.get()).actions();
    long retry = log.intend(plan(ActionKind.RETRY, 610, "shop/api", T0));
    log.answered(retry, new Answer(ActionState.DONE, T0.plusSeconds(1), 201, null, 9_001L));
    assertThat(log.byId(retry).orElseThrow().newJobId()).isEqualTo(9_001L);

    long forbidden = log.intend(plan(ActionKind.CANCEL, 611, "shop/api", T0));
    log.answered(forbidden, new Answer(ActionState.FORBIDDEN, T0, 403, "403 Forbidden", null));
    assertThat(log.byId(forbidden).orElseThrow())
        .extracting(StoredAction::state, StoredAction::answer)
        .containsExactly(ActionState.FORBIDDEN, "403 Forbidden");

    long mode =
        log.modeChanged(
            new ModeChange(
                "gate",
                "advisory",
                "POST /api/v1/mode from 10.0.0.5",
                "the kill switch: plays go wrong",
                T0.plusSeconds(5),
                "serve-a"));
    var row = log.byId(mode).orElseThrow();
    assertThat(row.kind()).isEqualTo(ActionKind.MODE);
    assertThat(row.jobId()).isNull();
    assertThat(row.project()).isNull();
    assertThat(row.state()).isEqualTo(ActionState.DONE);
    assertThat(row.modeFrom()).isEqualTo("gate");
    assertThat(row.modeTo()).isEqualTo("advisory");
    assertThat(row.askedBy()).isEqualTo("POST /api/v1/mode from 10.0.0.5");
    assertThat(row.answeredAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(log.query(ActionQuery.all(10)).get(0).id()).isEqualTo(mode);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void queriesFilterByJobProjectKindStateAndTimeNewestFirstAndCountsAddUp(
      Supplier<StoreConfig> database) {
    var log = AuditStore.open(database.get()).actions();
    for (int i = 0; i < 12; i++) {
      var kind = i % 3 == 0 ? ActionKind.CANCEL : ActionKind.PLAY;
      String project = i % 2 == 0 ? "shop/web" : "shop/api";
      long id = log.intend(plan(kind, 100 + i, project, T0.plusSeconds(60L * i)));
      if (i < 8) {
        log.answered(id, done(T0.plusSeconds(60L * i + 1), 200));
      }
    }
    log.intend(dryRun(ActionKind.PLAY, 999));

    var all = log.query(ActionQuery.all(100));
    assertThat(all).hasSize(13);
    assertThat(all)
        .extracting(StoredAction::requestedAt)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(log.query(new ActionQuery(105L, null, null, null, null, null, 10, 0)))
        .singleElement()
        .extracting(StoredAction::jobId)
        .isEqualTo(105L);
    assertThat(log.query(new ActionQuery(null, "shop/api", null, null, null, null, 100, 0)))
        .hasSize(6)
        .allMatch(a -> "shop/api".equals(a.project()));
    assertThat(log.query(new ActionQuery(null, null, "cancel", null, null, null, 100, 0)))
        .hasSize(4)
        .allMatch(a -> a.kind() == ActionKind.CANCEL);
    assertThat(log.query(new ActionQuery(null, null, null, "sent", null, null, 100, 0)))
        .extracting(StoredAction::jobId)
        .containsExactly(111L, 110L, 109L, 108L);
    var window =
        log.query(
            new ActionQuery(
                null, null, null, null, T0.plusSeconds(120), T0.plusSeconds(300), 100, 0));
    assertThat(window).extracting(StoredAction::jobId).containsExactly(104L, 103L, 102L);
    var page = log.query(new ActionQuery(null, null, null, null, null, null, 2, 3));
    assertThat(page).extracting(StoredAction::id).containsExactly(all.get(3).id(), all.get(4).id());

    assertThat(log.counts(null))
        .containsExactly(
            new ActionLog.Count(ActionKind.PLAY, ActionState.SENT, 3),
            new ActionLog.Count(ActionKind.PLAY, ActionState.DONE, 5),
            new ActionLog.Count(ActionKind.PLAY, ActionState.DRY_RUN, 1),
            new ActionLog.Count(ActionKind.CANCEL, ActionState.SENT, 1),
            new ActionLog.Count(ActionKind.CANCEL, ActionState.DONE, 3));
    assertThat(log.counts(T0.plusSeconds(600)).stream().mapToLong(ActionLog.Count::count).sum())
        .isEqualTo(2);
  }
}
