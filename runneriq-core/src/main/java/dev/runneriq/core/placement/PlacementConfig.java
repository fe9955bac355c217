package dev.runneriq.core.placement;

import dev.runneriq.core.model.Tier;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weight table and the tie margin, kept outside the scorers.
 *
 * @param weights integer weight per scorer name; the carbon scorer's weight comes from {@code
 *     carbonWeights} instead
 * @param carbonWeights carbon weight per tier: low tiers care most, CRITICAL not at all
 * @param tieMargin a runner-up is a near-tie when the best leads it by at most this share of what
 *     the scorers on which they differ could make up between them (0–1; see {@link TossUps#gap})
 * @param defaultSuccessRate success rate assumed for runners without history (0–1)
 * @param reserve which tags are rare and how many slots of their runners are kept for the jobs that
 *     need them
 */
public record PlacementConfig(
    Map<String, Integer> weights,
    Map<Tier, Integer> carbonWeights,
    double tieMargin,
    double defaultSuccessRate,
    Reserve reserve) {

  /**
   * Rare tags and the slots kept for them.
   *
   * @param rareShare a tag is rare when its runners hold at most this share of the fleet's slots
   *     (0–1; 0 turns scarcity off)
   * @param slots free slots kept on each runner with a rare tag for the jobs that need one of its
   *     rare tags (0 keeps none: other jobs are only steered away by the scarcity scorer)
   * @param protectedOnly keep slots only on protected-refs-only runners with rare tags (deploy
   *     runners), where the work only they can run is the releases and deploys; other runners with
   *     rare tags (GPU, ARM) are left to the scarcity scorer, so their slots are never idle while
   *     jobs queue
   */
  public record Reserve(double rareShare, int slots, boolean protectedOnly) {
    public static final Reserve DEFAULT = new Reserve(0.1, 1, true);

    public Reserve {
      if (!(rareShare >= 0 && rareShare < 1)) {
        throw new IllegalArgumentException(
            "rare share must be at least 0 and below 1, but was "
                + rareShare
                + " (placement.reserve.rare_share)");
      }
      if (slots < 0 || slots > 1000) {
        throw new IllegalArgumentException(
            "reserved slots must be between 0 and 1000, but was "
                + slots
                + " (placement.reserve.slots)");
      }
    }
  }

  /** A config with the default reserve. */
  public PlacementConfig(
      Map<String, Integer> weights,
      Map<Tier, Integer> carbonWeights,
      double tieMargin,
      double defaultSuccessRate) {
    this(weights, carbonWeights, tieMargin, defaultSuccessRate, Reserve.DEFAULT);
  }

  public PlacementConfig {
    weights = Map.copyOf(weights);
    carbonWeights = Map.copyOf(carbonWeights);
    if (!(tieMargin >= 0 && tieMargin <= 1)) {
      throw new IllegalArgumentException(
          "tie margin must be between 0 and 1, but was " + tieMargin + " (placement.tie_margin)");
    }
    if (!(defaultSuccessRate >= 0 && defaultSuccessRate <= 1)) {
      throw new IllegalArgumentException(
          "default success rate must be between 0 and 1, but was "
              + defaultSuccessRate
              + " (placement.default_success_rate)");
    }
    weights.forEach(
        (k, v) -> {
          if (v < 0) {
            throw new IllegalArgumentException(
                "weight must not be negative, but was " + v + " (placement.weights." + k + ")");
          }
        });
    carbonWeights.forEach(
        (k, v) -> {
          if (v < 0) {
            throw new IllegalArgumentException(
                "weight must not be negative, but was "
                    + v
                    + " (placement.carbon_weights."
                    + k
                    + ")");
          }
        });
  }

  public static final PlacementConfig DEFAULT =
      new PlacementConfig(defaultWeights(), defaultCarbonWeights(), 0.05, 0.95, Reserve.DEFAULT);

  /** The weight of {@code scorer} for a job of {@code tier}; 0 for a scorer not in the table. */
  public int weight(String scorer, Tier tier) {
    Integer w = Scorers.CARBON.equals(scorer) ? carbonWeights.get(tier) : weights.get(scorer);
    return w == null ? 0 : w;
  }

  private static Map<String, Integer> defaultWeights() {
    var m = new LinkedHashMap<String, Integer>();
    m.put(Scorers.FREE_CAPACITY, 3);
    m.put(Scorers.HEALTH, 2);
    m.put(Scorers.SPEED, 2);
    m.put(Scorers.SCARCITY, 4);
    return m;
  }

  private static Map<Tier, Integer> defaultCarbonWeights() {
    var m = new EnumMap<Tier, Integer>(Tier.class);
    m.put(Tier.CRITICAL, 0);
    m.put(Tier.HIGH, 2);
    m.put(Tier.MEDIUM, 3);
    m.put(Tier.LOW, 4);
    return m;
  }
}
