package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rare tags, the runners kept for them, and the slots kept free there. */
class ScarcityTest {
  /** 40 slots: 36 common, 2 on a protected deploy runner, 2 on a GPU runner. */
  private static final List<Runner> FLEET =
      List.of(
          runner(1).tags("docker", "linux").slots(16, 0).build(),
          runner(2).tags("docker", "linux").slots(20, 0).build(),
          runner(3)
              .tags("docker", "deploy")
              .runUntagged(false)
              .protectedRefsOnly()
              .slots(2, 0)
              .build(),
          runner(4).tags("docker", "gpu").runUntagged(false).slots(2, 0).build());

  private static final Scarcity SCARCITY = Scarcity.of(FLEET, 0.1);

  @Test
  void aTagHeldByAtMostTheShareOfSlotsIsRare() {
    assertThat(SCARCITY.rareTags()).containsExactly("deploy", "gpu");
    assertThat(Scarcity.of(FLEET, 0.04).rareTags()).isEmpty();
    assertThat(Scarcity.of(FLEET, 0)).isSameAs(Scarcity.NONE);
  }

  @Test
  void pausedAndOfflineRunnersDoNotCount() {
    var fleet =
        List.of(
            runner(1).tags("docker").slots(4, 0).build(),
            runner(2).tags("docker", "gpu").slots(4, 0).paused().build(),
            runner(3).tags("docker", "arm").slots(1, 0).build());
    // of 5 countable slots, arm has 1: rare at 20%; gpu is not countable at all
    assertThat(Scarcity.of(fleet, 0.2).rareTags()).containsExactly("arm");
  }

  static Stream<Arguments> kept() {
    return Stream.of(
        argumentSet(
            "a docker job is kept from the deploy runner",
            job("b", "build").tags("docker"),
            3,
            true),
        argumentSet("and from the GPU runner", job("b", "build").tags("docker"), 4, true),
        argumentSet("but not from a common runner", job("b", "build").tags("docker"), 1, false),
        argumentSet(
            "a deploy job is not kept from the deploy runner",
            job("deploy", "deploy").tags("docker", "deploy"),
            3,
            false),
        argumentSet("an untagged job is kept from the GPU runner", job("b", "build"), 4, true));
  }

  @ParameterizedTest
  @MethodSource("kept")
  void aRunnerIsKeptFromJobsThatNeedNoneOfItsRareTags(
      dev.runneriq.core.testing.Fixtures.JobBuilder job, int runner, boolean kept) {
    assertThat(SCARCITY.keptFrom(FLEET.get(runner - 1), job.build())).isEqualTo(kept);
  }

  static Stream<Arguments> reservation() {
    var docker = job("b", "build").tags("docker").onProtectedDefaultBranch().build();
    var deploy =
        job("deploy", "deploy").tags("docker", "deploy").onProtectedDefaultBranch().build();
    var deployRunner = runner(3).tags("docker", "deploy").runUntagged(false).protectedRefsOnly();
    var gpuRunner = runner(4).tags("docker", "gpu").runUntagged(false);
    return Stream.of(
        argumentSet(
            "two free: an outsider may take one",
            docker,
            deployRunner.slots(2, 0).build(),
            true,
            true),
        argumentSet(
            "the last free slot is kept", docker, deployRunner.slots(2, 1).build(), true, false),
        argumentSet(
            "for a job that needs it", deploy, deployRunner.slots(2, 1).build(), true, true),
        argumentSet(
            "protected-only keeps nothing on the GPU runner",
            docker,
            gpuRunner.slots(2, 1).build(),
            true,
            true),
        argumentSet(
            "keeping everywhere keeps the GPU runner's last slot too",
            docker,
            gpuRunner.slots(2, 1).build(),
            false,
            false));
  }

  @ParameterizedTest
  @MethodSource("reservation")
  void theLastSlotOfAKeptRunnerIsForTheJobsThatNeedIt(
      PendingJob job, Runner runner, boolean protectedOnly, boolean accepts) {
    var filter = new Reservation(SCARCITY, 1, protectedOnly);
    var verdict = filter.check(job, runner);
    assertThat(verdict == Verdict.ACCEPT).isEqualTo(accepts);
    if (verdict instanceof Verdict.Rejected r) {
      assertThat(r.reason()).isEqualTo(Reason.KEPT_FOR_RARE_TAGS);
      assertThat(r.reason().clearsByItself()).isTrue();
      assertThat(r.detail().of(job, runner)).isIn("[deploy]", "[gpu]");
    }
  }

  @Test
  void theScorerSendsACommonJobToACommonRunnerAndSaysWhy() {
    var inputs = new ScoringInputs(Map.of(), 0.95, SCARCITY);
    var docker = job("b", "build").tags("docker").build();
    assertThat(Scorers.SCARCE.raw(docker, FLEET.get(3), inputs)).isEqualTo(1);
    assertThat(Scorers.SCARCE.raw(docker, FLEET.get(0), inputs)).isEqualTo(0);
    assertThat(Scorers.SCARCE.normalize(1, FLEET.get(3), 0, 1)).isEqualTo(0);
    assertThat(Scorers.SCARCE.normalize(0, FLEET.get(0), 0, 1)).isEqualTo(100);
    assertThat(Scorers.SCARCE.describe(1, FLEET.get(3), inputs))
        .isEqualTo("kept for jobs tagged [gpu]");
    assertThat(Scorers.SCARCE.describe(0, FLEET.get(0), inputs)).isEmpty();
  }

  @Test
  void aPlacementWaitsRatherThanTakeTheLastDeploySlotAndSaysSo() {
    var fleet =
        List.of(
            runner(1).tags("docker").slots(4, 4).build(),
            runner(3)
                .tags("docker", "deploy")
                .runUntagged(false)
                .protectedRefsOnly()
                .slots(2, 1)
                .build());
    // deploy is rare here only because the share is generous: 2 of 6 slots
    var scarcity = Scarcity.of(fleet, 0.4);
    var filters = new java.util.ArrayList<>(Filters.DEFAULT);
    filters.add(new Reservation(scarcity, 1, true));
    var placement = new Placement(filters, Scorers.DEFAULT, PlacementConfig.DEFAULT);
    var inputs = new ScoringInputs(Map.of(), 0.95, scarcity);
    var docker = job("b", "build").tags("docker").onProtectedDefaultBranch().build();

    var result = placement.place(docker, dev.runneriq.core.model.Tier.HIGH, fleet, inputs);

    assertThat(result.outcome()).isEqualTo(PlacementResult.Outcome.WAIT);
    assertThat(result.rejections())
        .containsEntry("at capacity", 1)
        .containsEntry("kept for rare tags", 1);
    var deploy =
        job("deploy", "deploy").tags("docker", "deploy").onProtectedDefaultBranch().build();
    var forDeploy = placement.place(deploy, dev.runneriq.core.model.Tier.CRITICAL, fleet, inputs);
    assertThat(forDeploy.outcome()).isEqualTo(PlacementResult.Outcome.PLACEABLE);
    assertThat(forDeploy.candidates().get(0).runnerId()).isEqualTo(3);
  }
}
