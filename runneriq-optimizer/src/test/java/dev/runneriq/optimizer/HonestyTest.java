package dev.runneriq.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.PriorityPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HonestyTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private final Analyzer analyzer = new Analyzer(PriorityPolicy.DEFAULT);
  private long ids;

  /** Ten honest projects, 20 pipelines each of build and test on feature branches and main. */
  private void honestFleet(Honesty h) {
    for (int p = 0; p < 10; p++) {
      for (int i = 0; i < 20; i++) {
        pipeline(h, "team/app" + p, i % 4 == 0 ? "main" : "feature/x" + i, null, Map.of());
      }
    }
  }

  private void pipeline(
      Honesty h, String project, String ref, @Nullable Environment env, Map<String, String> vars) {
    long id = ++ids;
    var p =
        new Pipeline(
            id,
            project,
            ref,
            Pipeline.BRANCH,
            ref.equals("main") || ref.startsWith("hotfix/"),
            ref.equals("main"),
            "push",
            "dana",
            false,
            List.of("build", "test"));
    for (String name : List.of("build", "test")) {
      var job =
          new PendingJob(
              ++ids, name, name, List.of(), T0.plusSeconds(ids), null, env, vars, p, null, false);
      h.observe(job, T0.plusSeconds(ids));
    }
  }

  @Test
  void aProjectLivingOnHotfixBranchesIsDampedAndAGenuineHotfixIsNot() {
    var h = new Honesty(HonestyConfig.DEFAULT, analyzer);
    honestFleet(h);
    // an honest project with one genuine hotfix among 20 pipelines
    for (int i = 0; i < 20; i++) {
      pipeline(h, "team/shop", i == 7 ? "hotfix/cart" : "feature/y" + i, null, Map.of());
    }
    // and one that runs 15 of its 20 pipelines on hotfix branches
    for (int i = 0; i < 20; i++) {
      pipeline(h, "team/rush", i % 4 == 0 ? "feature/z" + i : "hotfix/always-" + i, null, Map.of());
    }

    var flags = h.flags(T0.plusSeconds(100_000));

    assertThat(flags).extracting(Honesty.Flag::project).containsExactly("team/rush");
    var flag = flags.get(0);
    assertThat(flag.signal()).isIn(Honesty.HOTFIX, Honesty.URGENT);
    assertThat(flag.points()).isEqualTo(-HonestyConfig.DEFAULT.maxPoints());
    var hotfix = Honesty.reason(Honesty.HOTFIX, 0.75, 1.0 / 220);
    assertThat(hotfix)
        .isEqualTo(
            "75% of this project's pipelines run on hotfix branches against 0% across the"
                + " other projects");
    // the analyzer says it in the job's factor lines
    var calibration = h.calibration(T0.plusSeconds(100_000));
    var job = rushJob();
    var plain = analyzer.baseScore(job);
    var damped = analyzer.baseScore(job, calibration);
    assertThat(damped.score()).isEqualTo(plain.score() - 15);
    assertThat(damped.factors())
        .anySatisfy(
            f -> {
              assertThat(f.factor()).isEqualTo(Analyzer.CALIBRATION);
              assertThat(f.points()).isEqualTo(-15);
              assertThat(f.detail()).startsWith("calibration: 75% of this project's");
            });
    assertThat(calibration.of("team/shop")).isNull();
  }

  @Test
  void aProjectIsNotJudgedBeforeEnoughOfItsPipelinesWereSeen() {
    var h = new Honesty(HonestyConfig.DEFAULT, analyzer);
    honestFleet(h);
    for (int i = 0; i < 9; i++) {
      pipeline(h, "team/new", "hotfix/a" + i, null, Map.of());
    }
    assertThat(h.flags(T0.plusSeconds(100_000))).isEmpty();
    pipeline(h, "team/new", "hotfix/a9", null, Map.of());
    assertThat(h.flags(T0.plusSeconds(100_000)))
        .extracting(Honesty.Flag::project)
        .containsExactly("team/new");
  }

  @Test
  void productionEnvironmentsOnJobsThatDoNotDeployAndPinnedHintsStandOut() {
    var h = new Honesty(HonestyConfig.DEFAULT, analyzer);
    honestFleet(h);
    for (int i = 0; i < 20; i++) {
      pipeline(
          h, "team/prod-tests", "feature/p" + i, new Environment("production", null), Map.of());
      pipeline(h, "team/loud", "feature/l" + i, null, Map.of("RUNNERIQ_PRIORITY", "critical"));
    }
    var flags = h.flags(T0.plusSeconds(100_000));
    assertThat(flags)
        .extracting(Honesty.Flag::project, Honesty.Flag::signal)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "team/prod-tests", Honesty.PRODUCTION_WITHOUT_DEPLOY),
            org.assertj.core.groups.Tuple.tuple("team/loud", Honesty.HINT_AT_MAXIMUM));
    assertThat(flags).allSatisfy(f -> assertThat(f.points()).isBetween(-15, -1));
  }

  @Test
  void theOperatorsOverrideWins() {
    var config = HonestyConfig.DEFAULT.withOverrides(Map.of("team/rush", 0, "team/quiet", -5));
    var h = new Honesty(config, analyzer);
    honestFleet(h);
    for (int i = 0; i < 20; i++) {
      pipeline(h, "team/rush", "hotfix/always-" + i, null, Map.of());
    }
    var flags = h.flags(T0.plusSeconds(100_000));
    assertThat(flags)
        .extracting(Honesty.Flag::project, Honesty.Flag::points, Honesty.Flag::overridden)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("team/quiet", -5, true),
            org.assertj.core.groups.Tuple.tuple("team/rush", 0, true));
    Calibration c = h.calibration(T0.plusSeconds(100_000));
    assertThat(c.of("team/rush")).isNull();
    assertThat(c.of("team/quiet").points()).isEqualTo(-5);
  }

  @Test
  void aJobShownTwiceIsCountedOnce() {
    var h = new Honesty(HonestyConfig.DEFAULT, analyzer);
    honestFleet(h);
    var job = rushJob();
    for (int i = 0; i < 30; i++) {
      h.observe(job, T0);
    }
    assertThat(h.flags(T0)).isEmpty();
  }

  private static PendingJob rushJob() {
    var p =
        new Pipeline(
            999_999,
            "team/rush",
            "hotfix/always-1",
            Pipeline.BRANCH,
            true,
            false,
            "push",
            "dana",
            false,
            List.of("build"));
    return new PendingJob(
        999_998, "build", "build", List.of(), T0, null, null, Map.of(), p, null, false);
  }
}
