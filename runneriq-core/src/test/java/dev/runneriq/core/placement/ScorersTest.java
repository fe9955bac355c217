package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.NOW;
import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.testing.OddScorers;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scorers keep their units until normalization, which lands in [0,100] or throws. */
class ScorersTest {
  private static final ScoringInputs INPUTS =
      new ScoringInputs(
          Map.of("FR", new CarbonReading(58, NOW), "DE", new CarbonReading(380, NOW)), 0.95);
  private static final PendingJob JOB = job("build", "build").build();

  private static final List<Runner> FLEET =
      List.of(
          runner(1).slots(4, 3).zone("FR").build(),
          runner(2).slots(8, 0).zone("DE").speed(2.0).stats(500, 0.8, 1.25).build(),
          runner(3).slots(1, 0).zone("PL").speed(0.5).stats(10, 1.0, 0.8).build(),
          runner(4).slots(16, 20).build());

  static Stream<Arguments> expectations() {
    return Stream.of(
        argumentSet("free capacity: 1 of 4 slots free", Scorers.FREE, 0, 25.0),
        argumentSet("free capacity: all 8 free", Scorers.FREE, 1, 100.0),
        argumentSet("free capacity: over capacity counts as none", Scorers.FREE, 3, 0.0),
        argumentSet("health: the healthiest scores its percentage", Scorers.SUCCESS, 2, 100.0),
        argumentSet(
            "health: no history assumes the default, 5 below the healthiest: 100 - 5 x 5",
            Scorers.SUCCESS,
            0,
            75.0),
        argumentSet(
            "health: 80% success, 20 points below the healthiest, scores nothing",
            Scorers.SUCCESS, 1, 0.0),
        argumentSet("speed: fastest effective speed", Scorers.FAST, 1, 100.0),
        argumentSet("speed: 0.5 / 0.8 against 1.6", Scorers.FAST, 2, 39.0625),
        argumentSet("carbon: cleanest zone", Scorers.GRID, 0, 100.0),
        argumentSet(
            "carbon: in proportion, 380 against 58 g/kWh", Scorers.GRID, 1, 100.0 * 59 / 381),
        argumentSet("carbon: zone without data", Scorers.GRID, 2, 50.0),
        argumentSet("carbon: runner without zone", Scorers.GRID, 3, 50.0));
  }

  @ParameterizedTest
  @MethodSource("expectations")
  void normalizesAgainstTheFeasibleRange(Scorer scorer, int runner, double expected) {
    assertThat(normalizedOver(scorer, FLEET)[runner]).isCloseTo(expected, within());
  }

  @Test
  void runnersOfEqualHealthScoreTheirPercentage() {
    var equal = List.of(runner(1).build(), runner(2).build());
    assertThat(normalizedOver(Scorers.SUCCESS, equal)).containsExactly(95.0, 95.0);
  }

  @Test
  void everyDefaultScorerStaysWithinZeroToHundred() {
    for (var scorer : Scorers.DEFAULT) {
      for (double v : normalizedOver(scorer, FLEET)) {
        assertThat(v).as(scorer.name()).isBetween(0.0, 100.0);
      }
    }
  }

  @Test
  void theBestRunnerGetsExactlyHundredDespiteRounding() {
    // 100 * x / x is not 100 for these values; normalization must not leave [0,100].
    var inputs =
        new ScoringInputs(
            Map.of("A", new CarbonReading(0.7, NOW), "B", new CarbonReading(99.1, NOW)), 0.95);
    var awkward = runner(1).speed(0.5).stats(100, 0.57, 1.4300000000000002).zone("A").build();
    var slowDirty = runner(2).speed(0.25).zone("B").build();

    var d =
        new Placement(Filters.DEFAULT, Scorers.DEFAULT, PlacementConfig.DEFAULT)
            .place(JOB, Tier.LOW, List.of(awkward, slowDirty), inputs);

    var best = d.candidates().get(0);
    assertThat(best.runnerId()).isEqualTo(1L);
    assertThat(best.scores())
        .filteredOn(l -> l.scorer().equals(Scorers.SPEED) || l.scorer().equals(Scorers.CARBON))
        .extracting(ScoreLine::normalized)
        .containsExactly(100.0, 100.0);
  }

  @Test
  void aScorerOutOfRangeMakesPlacementThrowNamingIt() {
    var placement =
        placementWith(OddScorers.normalizingTo("overeager", 150), Map.of("overeager", 1));

    assertThatThrownBy(() -> placement.place(JOB, Tier.MEDIUM, FLEET, INPUTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scorer overeager")
        .hasMessageContaining("150");
  }

  @Test
  void anOutOfRangeScorerWithoutWeightStillThrows() {
    var placement = placementWith(OddScorers.normalizingTo("overeager", 150), Map.of());

    assertThatThrownBy(() -> placement.place(JOB, Tier.MEDIUM, FLEET, INPUTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scorer overeager");
  }

  private static Placement placementWith(Scorer scorer, Map<String, Integer> weights) {
    var config = new PlacementConfig(weights, Map.of(), 0.15, 0.95);
    return new Placement(Filters.DEFAULT, List.of(Scorers.FREE, scorer), config);
  }

  private static double[] normalizedOver(Scorer scorer, List<Runner> runners) {
    double[] raw = new double[runners.size()];
    double min = Double.NaN;
    double max = Double.NaN;
    for (int i = 0; i < raw.length; i++) {
      raw[i] = scorer.raw(JOB, runners.get(i), INPUTS);
      if (!Double.isNaN(raw[i])) {
        min = Double.isNaN(min) ? raw[i] : Math.min(min, raw[i]);
        max = Double.isNaN(max) ? raw[i] : Math.max(max, raw[i]);
      }
    }
    double[] out = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = scorer.normalize(raw[i], runners.get(i), min, max);
    }
    return out;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
