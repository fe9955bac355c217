package dev.runneriq.core.placement;

import org.jspecify.annotations.Nullable;

/**
 * One scorer's verdict on one runner: the raw value in the scorer's unit (null when unknown), its
 * normalization to 0–100, and the weight it carried.
 */
public record ScoreLine(String scorer, @Nullable Double raw, double normalized, int weight) {}
