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
 * @param tieMargin the best two totals are a near-tie when they differ by at most this share of the
 *     best (0–1)
 * @param defaultSuccessRate success rate assumed for runners without history (0–1)
 */
public record PlacementConfig(
    Map<String, Integer> weights,
    Map<Tier, Integer> carbonWeights,
    double tieMargin,
    double defaultSuccessRate) {

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
      new PlacementConfig(defaultWeights(), defaultCarbonWeights(), 0.15, 0.95);

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
    return m;
  }

  private static Map<Tier, Integer> defaultCarbonWeights() {
    var m = new EnumMap<Tier, Integer>(Tier.class);
    m.put(Tier.CRITICAL, 0);
    m.put(Tier.HIGH, 1);
    m.put(Tier.MEDIUM, 2);
    m.put(Tier.LOW, 3);
    return m;
  }
}
