package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.optimizer.LearnConfig;
import dev.runneriq.optimizer.LearnedState;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.optimizer.Run;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the optimizer learned, on a SQLite file and on a real PostgreSQL server (started once for
 * the class): each test opens a fresh database, and a second {@link AuditStore} on it stands for
 * the restarted service.
 */
class LearnedStoreTest {
  static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  static final AtomicInteger DATABASES = new AtomicInteger();
  static final List<Long> RUNNERS = List.of(1L, 2L, 3L, 4L, 5L);
  static final List<List<String>> JOBS =
      List.of(
          List.of("shop/web", "build"),
          List.of("shop/web", "lint"),
          List.of("shop/api", "test"),
          List.of("shop/api", "deploy"));
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
    return databases(pg, dir, "learned");
  }

  /** A fresh SQLite file in {@code dir}, or a fresh database on {@code pg}, each time asked. */
  static Stream<Named<Supplier<StoreConfig>>> databases(
      EmbeddedPostgres pg, Path dir, String prefix) {
    return Stream.of(
        Named.of(
            "SQLite file",
            () ->
                StoreConfig.sqlite(
                    dir.resolve(prefix + "-" + DATABASES.incrementAndGet() + ".db"))),
        Named.of("PostgreSQL", () -> freshPostgres(pg, prefix)));
  }

  static StoreConfig freshPostgres(EmbeddedPostgres pg, String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (var c = pg.getPostgresDatabase().getConnection();
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return new StoreConfig(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
  }

  static Run run(
      String project,
      String job,
      long runner,
      String status,
      @Nullable String reason,
      double seconds,
      Instant at) {
    return new Run(project, job, runner, status, reason, seconds, 1.0, at);
  }

  /**
   * {@code rounds} rounds from {@code start}, a minute apart: every runner builds (so the build
   * keeps more than its 64 samples), lints and tests; runner 4 takes twice as long, runner 3 fails
   * by its own fault every fourth round, the test fails by its own every fifth, and a deploy is
   * cancelled now and then.
   */
  static void feed(Learner learner, int rounds, Instant start) {
    for (int i = 0; i < rounds; i++) {
      Instant at = start.plusSeconds(60L * i);
      for (long r : RUNNERS) {
        double slow = r == 4 ? 2 : 1;
        boolean fault = r == 3 && i % 4 == 0;
        learner.observe(
            run(
                "shop/web",
                "build",
                r,
                fault ? Run.FAILED : Run.SUCCESS,
                fault ? "runner_system_failure" : null,
                slow * (300 + 7 * (i % 9) + r),
                at.plusMillis(r)));
        learner.observe(
            run("shop/web", "lint", r, Run.SUCCESS, null, slow * (20 + i % 3), at.plusMillis(r)));
      }
      long tester = RUNNERS.get(i % RUNNERS.size());
      boolean failed = i % 5 == 0;
      learner.observe(
          run(
              "shop/api",
              "test",
              tester,
              failed ? Run.FAILED : Run.SUCCESS,
              failed ? "script_failure" : null,
              95.25 + i,
              at.plusSeconds(30)));
      learner.observe(
          run(
              "shop/api",
              "deploy",
              1,
              i % 6 == 0 ? "canceled" : Run.SUCCESS,
              null,
              41.5,
              at.plusSeconds(45)));
    }
  }

  /** The answers of {@code fresh} equal those of {@code original} for every runner and job. */
  static void assertSameAnswers(Learner fresh, Learner original, Instant now) {
    for (long r : RUNNERS) {
      assertThat(fresh.runner(r, now)).as("runner %s at %s", r, now).isNotNull();
      assertThat(fresh.runner(r, now))
          .as("runner %s at %s", r, now)
          .isEqualTo(original.runner(r, now));
    }
    for (var j : JOBS) {
      assertThat(fresh.job(j.get(0), j.get(1), now)).as("job %s at %s", j, now).isNotNull();
      assertThat(fresh.job(j.get(0), j.get(1), now))
          .as("job %s at %s", j, now)
          .isEqualTo(original.job(j.get(0), j.get(1), now));
    }
  }

  static long rows(AuditStore store, String table) {
    return store.use(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void whatALearnerKnewAnswersTheSameAfterARestart(Supplier<StoreConfig> database) {
    var config = database.get();
    var learner = new Learner(LearnConfig.DEFAULT);
    feed(learner, 40, T0);
    var saved = learner.state();
    AuditStore.open(config).learned().save(saved);

    // the service stops; a new one opens the same database and takes up what was stored
    var loaded = AuditStore.open(config).learned().load();
    var fresh = new Learner(LearnConfig.DEFAULT);
    fresh.restore(loaded);

    assertThat(loaded.runners()).containsExactlyElementsOf(saved.runners()); // ordered by id
    assertThat(loaded.jobs()).hasSize(JOBS.size());
    for (var job : saved.jobs()) {
      var back =
          loaded.jobs().stream()
              .filter(j -> j.project().equals(job.project()) && j.job().equals(job.job()))
              .findFirst()
              .orElseThrow();
      assertThat(back.runs()).isEqualTo(job.runs());
      assertThat(back.failures()).isEqualTo(job.failures());
      assertThat(back.asOf()).isEqualTo(job.asOf());
      assertThat(back.samples()).containsExactlyInAnyOrderElementsOf(job.samples());
    }
    var build = saved.jobs().stream().filter(j -> j.job().equals("build")).findFirst();
    assertThat(build.orElseThrow().samples()).as("the build's samples wrapped around").hasSize(64);

    Instant end = T0.plusSeconds(60L * 40);
    assertSameAnswers(fresh, learner, end);
    assertSameAnswers(fresh, learner, end.plus(Duration.ofDays(2))); // decayed on alike
    assertThat(fresh.runner(4, end).durationFactor()).isGreaterThan(1.5);
    assertThat(fresh.runner(3, end).successRate()).isLessThan(fresh.runner(1, end).successRate());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSecondSaveUpdatesEachRowInsteadOfAddingOne(Supplier<StoreConfig> database) {
    var config = database.get();
    var store = AuditStore.open(config);
    var learner = new Learner(LearnConfig.DEFAULT);
    feed(learner, 30, T0);
    new LearnedStore(store, at(T0.plusSeconds(1800))).save(learner.state());
    assertThat(rows(store, "learned_runners")).isEqualTo(5);
    assertThat(rows(store, "learned_jobs")).isEqualTo(4);

    Instant later = T0.plus(Duration.ofHours(6));
    feed(learner, 30, later);
    learner.observe(run("shop/docs", "pages", 6, Run.SUCCESS, null, 12, later.plusSeconds(1)));
    new LearnedStore(store, at(later.plusSeconds(1800))).save(learner.state());

    assertThat(rows(store, "learned_runners")).isEqualTo(6);
    assertThat(rows(store, "learned_jobs")).isEqualTo(5);
    List<Long> written =
        store.use(
            h ->
                h.createQuery("SELECT DISTINCT updated_at_ms FROM learned_jobs")
                    .mapTo(Long.class)
                    .list());
    assertThat(written).containsExactly(later.plusSeconds(1800).toEpochMilli());

    var fresh = new Learner(LearnConfig.DEFAULT);
    fresh.restore(AuditStore.open(config).learned().load());
    Instant end = later.plusSeconds(60L * 30);
    assertSameAnswers(fresh, learner, end);
    assertThat(fresh.runner(6, end)).isEqualTo(learner.runner(6, end));
    assertThat(fresh.job("shop/docs", "pages", end))
        .isEqualTo(learner.job("shop/docs", "pages", end));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anEmptyStoreLoadsNothingAndAnEmptyStateSavesNothing(Supplier<StoreConfig> database) {
    var learned = AuditStore.open(database.get()).learned();
    learned.save(new LearnedState(List.of(), List.of()));
    var loaded = learned.load();
    assertThat(loaded.runners()).isEmpty();
    assertThat(loaded.jobs()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aHandEditedSamplesValueIsAStoreErrorNamingTheTableTheRowAndTheValue(
      Supplier<StoreConfig> database) {
    var config = database.get();
    var store = AuditStore.open(config);
    var learner = new Learner(LearnConfig.DEFAULT);
    feed(learner, 5, T0);
    store.learned().save(learner.state());
    store.use(
        h ->
            h.createUpdate(
                    "UPDATE learned_jobs SET samples = '61.5@1764489600000,sixty@1764489660000'"
                        + " WHERE project = 'shop/api' AND job = 'test'")
                .execute());

    assertThatThrownBy(() -> AuditStore.open(config).learned().load())
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "learned_jobs row (project shop/api, job test) in "
                + config.safeUrl()
                + " has samples \"61.5@1764489600000,sixty@1764489660000\": sample 2"
                + " \"sixty@1764489660000\" is not duration_s@at_ms: not a number of seconds @"
                + " epoch milliseconds");
  }

  static Stream<Arguments> malformedSamples() {
    return Stream.of(
        Arguments.of(Named.of("no @", "61.5"), "sample 1 \"61.5\" is not duration_s@at_ms: no @"),
        Arguments.of(Named.of("a word for a duration", "1@2,abc@3"), "sample 2 \"abc@3\""),
        Arguments.of(Named.of("a fraction of a millisecond", "1@2.5"), "sample 1 \"1@2.5\""),
        Arguments.of(Named.of("an empty sample", "1@2,,3@4"), "sample 2 \"\""),
        Arguments.of(Named.of("a trailing comma", "1@2,"), "sample 2 \"\""),
        Arguments.of(Named.of("a negative duration", "-1@2"), "0 or more seconds"),
        Arguments.of(Named.of("not a number", "NaN@2"), "0 or more seconds"),
        Arguments.of(Named.of("an infinite duration", "Infinity@2"), "0 or more seconds"));
  }

  @ParameterizedTest
  @MethodSource("malformedSamples")
  void aMalformedSamplesValueSaysWhichSampleAndWhy(String value, String says) {
    assertThatThrownBy(() -> LearnedSamples.read(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(says);
  }

  @Test
  void samplesAreWrittenOldestFirstAsDurationAtMillis() {
    var samples =
        List.of(
            new LearnedState.Sample(58.0, Instant.ofEpochMilli(1_764_489_660_000L)),
            new LearnedState.Sample(61.5, Instant.ofEpochMilli(1_764_489_600_000L)),
            new LearnedState.Sample(0.1 + 0.2, Instant.ofEpochMilli(1_764_489_720_000L)));
    String text = LearnedSamples.write(samples);
    assertThat(text)
        .isEqualTo("61.5@1764489600000,58.0@1764489660000,0.30000000000000004@1764489720000");
    assertThat(LearnedSamples.read(text)).containsExactlyInAnyOrderElementsOf(samples);
    assertThat(LearnedSamples.read("")).isEmpty();
  }
}
