package dev.runneriq.app.gate;

import static dev.runneriq.core.testing.Fixtures.NOW;
import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.GateConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.gate.ReleaseRule.Release;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatePlanTest {
  static final Engine ENGINE = Engine.standard(EngineConfig.DEFAULT);

  static GateConfig gate(int k, String... projects) {
    return new GateConfig(false, List.of(projects), List.of("verify-*"), k, 60, "");
  }

  static PendingJob deploy(long id) {
    return deploy(id, "docker");
  }

  /** A production deploy of shop/web on its protected default branch, pending a minute. */
  static PendingJob deploy(long id, String... tags) {
    return job("deploy-prod", "deploy")
        .id(id)
        .project("shop/web")
        .tags(tags)
        .onProtectedDefaultBranch()
        .environment("production", "production")
        .pendingFor(Duration.ofMinutes(1))
        .build();
  }

  static PendingJob lint(long id, String project) {
    return job("lint", "test")
        .id(id)
        .project(project)
        .tags("docker")
        .branch("feature/x", false, false)
        .pendingFor(Duration.ofMinutes(5))
        .build();
  }

  static Runner docker(long id, int concurrency, int running) {
    return runner(id).tags("docker").slots(concurrency, running).build();
  }

  static List<Long> played(List<GatePlan.Play> plays) {
    return plays.stream().map(p -> p.job().id()).toList();
  }

  @Test
  void theOneFreeSlotGoesToTheUrgentHeldJobAndTheOlderLowOneIsHeldWithKZero() {
    var snapshot =
        new Snapshot(NOW, List.of(docker(1, 2, 1)), List.of(lint(10, "shop/web"), deploy(11)));
    var plays =
        new GatePlan(ENGINE, gate(0, "shop/*"))
            .plan(snapshot, Set.of(10L, 11L), Set.of(), Set.of());
    assertThat(played(plays)).containsExactly(11L);
    assertThat(plays.get(0).release()).isEqualTo(Release.PLAY);
    assertThat(plays.get(0).decision().runnerId()).isEqualTo(1L);
  }

  @Test
  void withKOneTheNextJobOfAFullPoolIsPlayedAheadOfItsSlot() {
    var snapshot =
        new Snapshot(NOW, List.of(docker(1, 2, 1)), List.of(lint(10, "shop/web"), deploy(11)));
    var plays =
        new GatePlan(ENGINE, gate(1, "shop/*"))
            .plan(snapshot, Set.of(10L, 11L), Set.of(), Set.of());
    assertThat(played(plays)).containsExactly(11L, 10L);
    assertThat(plays.get(1).release()).isEqualTo(Release.PLAY_BEYOND);
  }

  @Test
  void aJobPendingInGitLabTakesTheFreeSlotFirst() {
    // GitLab gives the freed slot to what is already pending, whatever RunnerIQ plays later
    var snapshot =
        new Snapshot(NOW, List.of(docker(1, 2, 1)), List.of(lint(10, "shop/web"), deploy(11)));
    var plays =
        new GatePlan(ENGINE, gate(0, "shop/*")).plan(snapshot, Set.of(11L), Set.of(), Set.of());
    assertThat(plays).isEmpty();
    // and with k = 1 the pending job waits in the pool already only if it has no slot: here it has
    var k1 =
        new GatePlan(ENGINE, gate(1, "shop/*")).plan(snapshot, Set.of(11L), Set.of(), Set.of());
    assertThat(played(k1)).containsExactly(11L);
    assertThat(k1.get(0).release()).isEqualTo(Release.PLAY_BEYOND);
  }

  @Test
  void pendingJobsWaitingInAPoolCountAgainstItsK() {
    var snapshot =
        new Snapshot(
            NOW,
            List.of(docker(1, 1, 1)),
            List.of(lint(10, "shop/web"), lint(12, "shop/web"), deploy(11)));
    var plays =
        new GatePlan(ENGINE, gate(1, "shop/*")).plan(snapshot, Set.of(11L), Set.of(), Set.of());
    assertThat(plays).isEmpty();
  }

  @Test
  void aJobPlayedLatelyCountsAsPendingThoughTheSnapshotStillShowsItHeld() {
    var snapshot =
        new Snapshot(NOW, List.of(docker(1, 2, 1)), List.of(deploy(11), lint(10, "shop/web")));
    var plays =
        new GatePlan(ENGINE, gate(0, "shop/*"))
            .plan(snapshot, Set.of(10L, 11L), Set.of(11L), Set.of());
    assertThat(plays).isEmpty();
  }

  @Test
  void aHeldJobLeftToItsFloorTakesNoSlotFromTheNextOne() {
    // job 11 was refused (403): it stays held until its floor, the free slot goes to job 10
    var snapshot =
        new Snapshot(NOW, List.of(docker(1, 2, 1)), List.of(lint(10, "shop/web"), deploy(11)));
    var plays =
        new GatePlan(ENGINE, gate(0, "shop/*"))
            .plan(snapshot, Set.of(10L, 11L), Set.of(), Set.of(11L));
    assertThat(played(plays)).containsExactly(10L);
    assertThat(plays.get(0).release()).isEqualTo(Release.PLAY);
  }

  @Test
  void onlyJobsOfOptedInProjectsAndNotLeftByNameArePlayed() {
    var verify =
        job("verify-prod", "deploy")
            .id(13)
            .project("shop/web")
            .tags("docker")
            .onProtectedDefaultBranch()
            .build();
    var snapshot =
        new Snapshot(
            NOW,
            List.of(docker(1, 10, 0)),
            List.of(lint(10, "ops/tools"), lint(12, "shop/web"), verify));
    var plays =
        new GatePlan(ENGINE, gate(0, "shop/*"))
            .plan(snapshot, Set.of(10L, 12L, 13L), Set.of(), Set.of());
    assertThat(played(plays)).containsExactly(12L);
  }

  @Test
  void onlyJobsWaitingWithinAPoolCountAgainstItsK() {
    // runner 1 takes docker jobs, runner 2 deploys too; both are full
    var runners = List.of(docker(1, 1, 1), runner(2).tags("docker", "deploy").slots(1, 1).build());
    var deployJob = deploy(11, "docker", "deploy");
    // a lint waits in GitLab; it may take runner 1's slot as well as runner 2's
    var held = new GatePlan(ENGINE, gate(1, "shop/*"));
    var withLintWaiting =
        held.plan(
            new Snapshot(NOW, runners, List.of(lint(10, "shop/web"), deployJob)),
            Set.of(11L),
            Set.of(),
            Set.of());
    assertThat(played(withLintWaiting))
        .as("the deploy's pool (runner 2) lies within the lint's: the lint does not count")
        .containsExactly(11L);
    assertThat(withLintWaiting.get(0).release()).isEqualTo(Release.PLAY_BEYOND);
    // the deploy waits in GitLab: it takes runner 2's next slot, before a lint played now
    var withDeployWaiting =
        held.plan(
            new Snapshot(NOW, runners, List.of(lint(10, "shop/web"), deployJob)),
            Set.of(10L),
            Set.of(),
            Set.of());
    assertThat(played(withDeployWaiting))
        .as("the lint's pool holds the deploy's: the deploy counts against its k")
        .isEmpty();
  }

  @Test
  void groupGlobsMatchOneLevelAndDoubleStarsEveryLevel() {
    var oneLevel = gate(0, "shop/*");
    assertThat(oneLevel.gates("shop/web")).isTrue();
    assertThat(oneLevel.gates("shop/api/core")).isFalse();
    assertThat(oneLevel.gates("shopping/web")).isFalse();
    assertThat(gate(0, "shop/**").gates("shop/api/core")).isTrue();
    assertThat(gate(0, "shop/web").gates("shop/web")).isTrue();
    assertThat(oneLevel.leaves("verify-prod")).isTrue();
    assertThat(oneLevel.leaves("deploy-prod")).isFalse();
  }
}
