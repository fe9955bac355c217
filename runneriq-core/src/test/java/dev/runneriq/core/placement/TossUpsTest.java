package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interchangeable runners are one choice; a toss-up trades one material good for another. */
class TossUpsTest {
  private static final ScoringInputs GRID =
      new ScoringInputs(
          Map.of(
              "CA", new CarbonReading(40, Fixtures.NOW),
              "FR", new CarbonReading(150, Fixtures.NOW),
              "GB", new CarbonReading(200, Fixtures.NOW),
              "DE", new CarbonReading(400, Fixtures.NOW)),
          0.95);

  private static PlacementResult place(Tier tier, List<Runner> runners) {
    var p = new Placement(Filters.DEFAULT, Scorers.DEFAULT, PlacementConfig.DEFAULT);
    return p.place(job("b", "build").build(), tier, runners, GRID);
  }

  @Test
  void twinsAreOneCandidateAndTheBestOfThemStandsForAll() {
    var runners =
        List.of(
            runner(1).zone("DE").slots(4, 2).build(),
            runner(2).zone("DE").slots(4, 0).build(),
            runner(3).zone("DE").slots(4, 1).speed(1.04).build(),
            runner(4).zone("GB").slots(4, 0).build());

    var result = place(Tier.HIGH, runners);

    assertThat(result.candidates()).extracting(Candidate::runnerId).containsExactly(4L, 2L);
  }

  /**
   * Twins are not a chain: 1.04 is a twin of 1.00 and of 1.08, which are not twins of each other.
   * The best is taken, its twin left out, and the next runner that is no twin of a runner taken is
   * the second candidate, whatever the order of the runners in the fleet.
   */
  @Test
  void aRunnerIsLeftOutOnlyForABetterTwinWhateverTheFleetOrder() {
    var slow = runner(1).zone("DE").slots(4, 0).speed(1.00);
    var middle = runner(2).zone("DE").slots(4, 0).speed(1.04);
    var fast = runner(3).zone("DE").slots(4, 0).speed(1.08);

    var inIdOrder = place(Tier.HIGH, List.of(slow.build(), middle.build(), fast.build()));
    var reversed = place(Tier.HIGH, List.of(fast.build(), middle.build(), slow.build()));

    assertThat(inIdOrder.candidates()).extracting(Candidate::runnerId).containsExactly(3L, 1L);
    assertThat(reversed.candidates()).isEqualTo(inIdOrder.candidates());
  }

  /**
   * A hundred interchangeable runners rank above all others: they are one candidate, and the
   * runners below them (more than a first look at the best of the fleet covers) are still found.
   */
  @Test
  void aCrowdOfTwinsAtTheTopDoesNotHideTheRunnersBelowIt() {
    var runners = new java.util.ArrayList<Runner>();
    for (long id = 1; id <= 100; id++) {
      runners.add(runner(id).zone("CA").slots(4, 0).speed(1.5).build());
    }
    runners.add(runner(200).zone("FR").slots(4, 0).build());
    runners.add(runner(201).zone("DE").slots(4, 0).build());

    var result = place(Tier.HIGH, runners);

    assertThat(result.candidates()).extracting(Candidate::runnerId).containsExactly(1L, 200L, 201L);
  }

  @Test
  void aRunnerFiveAndAHalfPercentFasterIsNoTwin() {
    var runners =
        List.of(
            runner(1).zone("DE").slots(4, 0).build(),
            runner(2).zone("DE").slots(4, 0).speed(1.055).build());

    assertThat(place(Tier.HIGH, runners).candidates()).hasSize(2);
  }

  @Test
  void cleanButSlowAgainstFastButDirtyIsATossUpWhenClose() {
    // HIGH weighs carbon 2 and speed 2: GB's 20% speed against FR's 25% cleaner grid, close
    var runners =
        List.of(
            runner(1).zone("FR").slots(4, 0).build(),
            runner(2).zone("GB").slots(4, 0).speed(1.2).build());

    var result = place(Tier.HIGH, runners);
    var best = result.candidates().get(0);
    var other = result.candidates().get(1);

    assertThat(TossUps.tradeOffs(best, other)).isNotEmpty();
    assertThat(TossUps.tradeOffs(other, best)).isNotEmpty();
    assertThat(TossUps.gap(best, other)).isLessThanOrEqualTo(0.05);
    assertThat(result.nearTies()).isEqualTo(2);
  }

  @Test
  void theSameTradeIsSettledByTheRulesWhereCarbonWeighsMore() {
    // LOW weighs carbon 4: CA, five times cleaner, wins by far more than the margin
    var runners =
        List.of(
            runner(1).zone("CA").slots(4, 0).speed(0.9).build(),
            runner(2).zone("GB").slots(4, 0).speed(1.2).build());

    var result = place(Tier.LOW, runners);

    assertThat(result.candidates().get(0).runnerId()).isEqualTo(1);
    assertThat(TossUps.gap(result.candidates().get(0), result.candidates().get(1)))
        .isGreaterThan(0.05);
    assertThat(result.nearTies()).isEqualTo(1);
  }

  @Test
  void aRunnerUpWhoseOnlyEdgeIsLoadOrAFewPercentIsNoTossUp() {
    // 2 is 10% faster (below the material 15%), 1 has more room: close, but nothing to weigh
    var runners =
        List.of(
            runner(1).zone("DE").slots(4, 0).build(),
            runner(2).zone("DE").slots(4, 1).speed(1.1).build());

    assertThat(place(Tier.HIGH, runners).nearTies()).isEqualTo(1);
  }

  @Test
  void theGapIgnoresScorersThatRateBothTheSame() {
    // CRITICAL gives carbon no weight: only free capacity differs (100 against 50, weight 3), and
    // the best leads by half of what it could
    var runners =
        List.of(runner(1).zone("DE").slots(4, 0).build(), runner(2).zone("GB").slots(4, 2).build());
    var result = place(Tier.CRITICAL, runners);
    assertThat(TossUps.gap(result.candidates().get(0), result.candidates().get(1)))
        .isCloseTo(0.5, within(1e-9));
  }
}
