package dev.runneriq.core.priority;

import static dev.runneriq.core.testing.Fixtures.NOW;
import static dev.runneriq.core.testing.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.model.Tier;
import dev.runneriq.core.testing.Fixtures.JobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The default policy's promises, job by job. */
class AnalyzerTest {
  private static final Analyzer ANALYZER = new Analyzer(PriorityPolicy.DEFAULT);

  static Stream<Arguments> exactTiers() {
    return Stream.of(
        argumentSet(
            "production deploy from protected main",
            job("deploy-prod", "deploy").onProtectedDefaultBranch().environment("production", null),
            Tier.CRITICAL),
        argumentSet(
            "production deploy from protected main, started in the web UI",
            job("deploy", "deploy")
                .onProtectedDefaultBranch()
                .source("web")
                .environment("prod-eu", null),
            Tier.CRITICAL),
        argumentSet(
            "production deploy from protected main, declared tier",
            job("release-eu", "release")
                .onProtectedDefaultBranch()
                .source("api")
                .environment("eu-live", "production"),
            Tier.CRITICAL),
        argumentSet(
            "build on protected main", job("build", "build").onProtectedDefaultBranch(), Tier.HIGH),
        argumentSet(
            "docker image build on protected main",
            job("docker-build", "build").onProtectedDefaultBranch(),
            Tier.HIGH),
        argumentSet(
            "compile on protected main",
            job("compile", "compile").onProtectedDefaultBranch(),
            Tier.HIGH),
        argumentSet(
            "unit tests on protected main",
            job("unit-tests", "test").onProtectedDefaultBranch(),
            Tier.HIGH),
        argumentSet(
            "tests in a docker container on protected main",
            job("test-in-docker", "test").onProtectedDefaultBranch(),
            Tier.HIGH),
        argumentSet(
            "merge request tests", job("rspec", "test").mergeRequest("feature/login"), Tier.MEDIUM),
        argumentSet(
            "merge request unit tests, short job",
            job("unit", "test").mergeRequest("feature/login").history(40, 60, 0.01),
            Tier.MEDIUM),
        argumentSet("lint on a feature branch", job("lint", "test"), Tier.LOW),
        argumentSet("eslint on a feature branch", job("eslint", "check"), Tier.LOW),
        argumentSet("docs on a feature branch", job("docs", "docs"), Tier.LOW),
        argumentSet("pages build on a feature branch", job("pages", "deploy"), Tier.LOW),
        argumentSet(
            "nightly build on protected main",
            job("build", "build").onProtectedDefaultBranch().source("schedule"),
            Tier.LOW),
        argumentSet(
            "nightly short tests on protected main",
            job("test", "test").onProtectedDefaultBranch().source("schedule").history(30, 90, 0),
            Tier.LOW),
        argumentSet(
            "nightly staging deploy from protected main",
            job("deploy-staging", "deploy")
                .onProtectedDefaultBranch()
                .source("schedule")
                .environment("staging", null),
            Tier.LOW),
        argumentSet(
            "nightly build of a release branch",
            job("build", "build").branch("release/2.3", true, false).source("schedule"),
            Tier.LOW),
        argumentSet(
            "nightly short tests of a release branch",
            job("test", "test")
                .branch("release/2.3", true, false)
                .source("schedule")
                .history(30, 60, 0),
            Tier.LOW),
        argumentSet(
            "nightly tests of a protected branch",
            job("test", "test").branch("stable", true, false).source("schedule"),
            Tier.LOW),
        argumentSet(
            "nightly tests of a feature branch", job("test", "test").source("schedule"), Tier.LOW),
        argumentSet(
            "nightly lint on unprotected main",
            job("lint", "test").branch("main", false, true).source("schedule"),
            Tier.LOW));
  }

  @ParameterizedTest
  @MethodSource("exactTiers")
  void defaultPolicyGivesTheTier(JobBuilder job, Tier expected) {
    var p = ANALYZER.score(job.build(), NOW);

    assertThat(p.tier()).as(p.renderFactors()).isEqualTo(expected);
  }

  @Test
  void scheduledProductionDeployIsNotHeldToLow() {
    var p =
        ANALYZER.score(
            job("deploy-prod", "deploy")
                .onProtectedDefaultBranch()
                .source("schedule")
                .environment("production", null)
                .build(),
            NOW);

    assertThat(p.tier()).isNotEqualTo(Tier.LOW);
  }

  static Stream<Arguments> urgentRefs() {
    return Stream.of("build", "test", "lint", "docs", "deploy")
        .flatMap(
            kind ->
                Stream.of(
                    argumentSet(
                        kind + " on a hotfix branch",
                        job(kind, kind).branch("hotfix/login", false, false)),
                    argumentSet(
                        kind + " on a protected hotfix branch",
                        job(kind, kind).branch("hotfix/2.3.1", true, false)),
                    argumentSet(kind + " on release tag v2.3.1", job(kind, kind).tag("v2.3.1")),
                    argumentSet(kind + " on release tag 1.0", job(kind, kind).tag("1.0")),
                    argumentSet(
                        kind + " on release tag v3.0.0-rc.1", job(kind, kind).tag("v3.0.0-rc.1"))));
  }

  @ParameterizedTest
  @MethodSource("urgentRefs")
  void everyJobOfHotfixAndReleaseTagPipelinesIsAtLeastHigh(JobBuilder job) {
    var p = ANALYZER.score(job.build(), NOW);

    assertThat(p.tier()).as(p.renderFactors()).isIn(Tier.CRITICAL, Tier.HIGH);
  }

  static Stream<Arguments> jobs() {
    return Stream.of(
        argumentSet("lint on a feature branch", job("lint", "test")),
        argumentSet("merge request tests", job("rspec", "test").mergeRequest("feature/x")),
        argumentSet("build on protected main", job("build", "build").onProtectedDefaultBranch()),
        argumentSet(
            "production deploy",
            job("deploy", "deploy").onProtectedDefaultBranch().environment("production", null)),
        argumentSet("nightly docs", job("docs", "docs").source("schedule")),
        argumentSet(
            "hinted release branch build",
            job("build", "build")
                .branch("release/1.2", true, false)
                .variable("RUNNERIQ_PRIORITY", "high")),
        argumentSet(
            "everything at once",
            job("build", "build")
                .branch("hotfix/x", true, false)
                .environment("production", null)
                .history(100, 30, 0)));
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void aBotScoresLowerThanAPerson(JobBuilder job) {
    int person = ANALYZER.score(job.triggeredBy("dana", false).build(), NOW).score();
    int flagged = ANALYZER.score(job.triggeredBy("ci-helper", true).build(), NOW).score();
    int named = ANALYZER.score(job.triggeredBy("renovate-bot", false).build(), NOW).score();

    if (person > 0 && person < 100) {
      assertThat(flagged).isLessThan(person);
      assertThat(named).isLessThan(person);
    } else {
      // At a bound the clamp hides it, but the lines before the clamp still show the bot.
      assertThat(unclamped(job.triggeredBy("ci-helper", true)))
          .isLessThan(unclamped(job.triggeredBy("dana", false)));
    }
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void waitingRaisesTheScoreMonotonicallyAndNeverIntoCritical(JobBuilder job) {
    var fresh = ANALYZER.score(job.build(), NOW);
    int previous = fresh.score();
    for (int minutes = 1; minutes <= 180; minutes++) {
      var p = ANALYZER.score(job.pendingFor(Duration.ofMinutes(minutes)).build(), NOW);
      assertThat(p.score()).as("after %d minutes", minutes).isGreaterThanOrEqualTo(previous);
      if (fresh.tier() != Tier.CRITICAL) {
        assertThat(p.tier()).as("after %d minutes", minutes).isNotEqualTo(Tier.CRITICAL);
      }
      previous = p.score();
    }
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void factorLinesSumToTheScore(JobBuilder job) {
    for (var pending : new Duration[] {Duration.ZERO, Duration.ofMinutes(7), Duration.ofHours(5)}) {
      var p = ANALYZER.score(job.pendingFor(pending).build(), NOW);
      assertThat(p.factors().stream().mapToInt(Factor::points).sum()).isEqualTo(p.score());
      assertThat(p.score()).isBetween(0, 100);
    }
  }

  @Test
  void lowLintJobReachesMediumAfterSevenAndAHalfMinutes() {
    // lint on a feature branch: 10, and 69 points to the ceiling over 20 minutes
    var lint = job("lint", "test");

    var fresh = ANALYZER.score(lint.build(), NOW);
    var almost = ANALYZER.score(lint.pendingFor(Duration.ofMinutes(7)).build(), NOW);
    var later = ANALYZER.score(lint.pendingFor(Duration.ofSeconds(450)).build(), NOW);

    assertThat(fresh.tier()).isEqualTo(Tier.LOW);
    assertThat(almost.tier()).isEqualTo(Tier.LOW);
    assertThat(waitingPoints(almost)).isEqualTo(24);
    assertThat(later.tier()).isEqualTo(Tier.MEDIUM);
    assertThat(waitingPoints(later)).isEqualTo(25);
  }

  @Test
  void everyJobReachesTheCommonCeilingAfterTwentyMinutes() {
    for (var job :
        List.of(
            job("lint", "test"),
            job("unit", "test").mergeRequest("feature/x"),
            job("build", "build").onProtectedDefaultBranch())) {
      var at = ANALYZER.score(job.pendingFor(Duration.ofMinutes(20)).build(), NOW);
      var day = ANALYZER.score(job.pendingFor(Duration.ofDays(1)).build(), NOW);
      assertThat(at.score()).isEqualTo(79);
      assertThat(day.score()).isEqualTo(79);
      assertThat(day.tier()).isEqualTo(Tier.HIGH);
    }
  }

  @Test
  void aLowerJobClimbsFasterButNeverPassesAnOlderOne() {
    // LOW lint (10) waiting 10 minutes against a fresh HIGH build on main (65)
    var lint = ANALYZER.score(job("lint", "test").pendingFor(Duration.ofMinutes(10)).build(), NOW);
    var build = ANALYZER.score(job("build", "build").onProtectedDefaultBranch().build(), NOW);
    assertThat(lint.score()).isEqualTo(10 + 34).isLessThan(build.score());
    var lintLater =
        ANALYZER.score(job("lint", "test").pendingFor(Duration.ofMinutes(19)).build(), NOW);
    assertThat(lintLater.score()).isGreaterThan(build.score());
  }

  @Test
  void aCriticalJobAgesTowardOneHundred() {
    var deploy =
        job("deploy-prod", "deploy")
            .onProtectedDefaultBranch()
            .environment("production", null)
            .pendingFor(Duration.ofMinutes(20))
            .build();
    assertThat(ANALYZER.score(deploy, NOW).score()).isEqualTo(100);
  }

  @Test
  void agingStopsOnePointShortOfCritical() {
    // release branch 40 + push 10 + build 20 = 70
    var build = job("build", "build").branch("release/2.3", true, false);

    var hours = ANALYZER.score(build.pendingFor(Duration.ofHours(3)).build(), NOW);

    assertThat(hours.score()).isEqualTo(79);
    assertThat(hours.tier()).isEqualTo(Tier.HIGH);
  }

  static Stream<Arguments> hints() {
    return Stream.of(
        argumentSet("high", "high", 10),
        argumentSet("critical", "critical", 10),
        argumentSet("upper case URGENT", " URGENT ", 10),
        argumentSet("medium", "medium", 0),
        argumentSet("low", "low", -10),
        argumentSet("background", "background", -10),
        argumentSet("number 100", "100", 10),
        argumentSet("number 75", "75", 5),
        argumentSet("number 0", "0", -10),
        argumentSet("number out of range", "1000", 0),
        argumentSet("negative number", "-50", 0),
        argumentSet("not a number", "asap!!", 0),
        argumentSet("NaN", "NaN", 0));
  }

  @ParameterizedTest
  @MethodSource("hints")
  void hintIsCappedAtTenPoints(String value, int expected) {
    var p = ANALYZER.score(job("test", "test").variable("RUNNERIQ_PRIORITY", value).build(), NOW);

    assertThat(points(p, Analyzer.HINT)).isEqualTo(expected);
  }

  static Stream<Arguments> hintedNearCritical() {
    return Stream.of(
        // release branch 40 + push 10 + build 20 = 70
        argumentSet(
            "release branch build hinted high",
            job("build", "build").branch("release/2.3", true, false),
            "high"),
        argumentSet(
            "release branch build hinted 100",
            job("build", "build").branch("release/2.3", true, false),
            "100"),
        // protected main 35 + push 10 + test 20 + short 3 = 68, hint +10 = 78, aged to the
        // ceiling after 20 minutes: +1 = 79
        argumentSet(
            "aged short test on main hinted critical",
            job("test", "test")
                .onProtectedDefaultBranch()
                .history(50, 30, 0)
                .pendingFor(Duration.ofMinutes(20)),
            "critical"));
  }

  @ParameterizedTest
  @MethodSource("hintedNearCritical")
  void aHintAloneNeverMakesAJobCritical(JobBuilder job, String hint) {
    var without = ANALYZER.score(job.build(), NOW);
    var with = ANALYZER.score(job.variable("RUNNERIQ_PRIORITY", hint).build(), NOW);

    assertThat(without.tier()).isNotEqualTo(Tier.CRITICAL);
    assertThat(with.score()).isEqualTo(79);
    assertThat(with.tier()).isEqualTo(Tier.HIGH);
    assertThat(points(with, Analyzer.HINT)).isBetween(0, 10);
  }

  @Test
  void factorsRenderMostPointsFirst() {
    var p =
        ANALYZER.score(
            job("deploy-prod", "deploy")
                .onProtectedDefaultBranch()
                .environment("production", null)
                .pendingFor(Duration.ofMinutes(2))
                .build(),
            NOW);

    assertThat(p.renderFactors())
        .startsWith("deploys to production +40, protected default branch main +35")
        .endsWith("pending 2m +1");
  }

  private static int unclamped(JobBuilder job) {
    var p = ANALYZER.score(job.build(), NOW);
    return p.score() - points(p, Analyzer.BOUNDS);
  }

  private static int waitingPoints(Priority p) {
    return points(p, Analyzer.WAITING);
  }

  private static int points(Priority p, String factor) {
    return p.factors().stream()
        .filter(f -> f.factor().equals(factor))
        .mapToInt(Factor::points)
        .sum();
  }
}
