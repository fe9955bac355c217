package dev.runneriq.core.decision;

import org.jspecify.annotations.Nullable;

/** What happened when a language model was asked to settle a near-tie. */
public record LlmRecord(
    String provider,
    String model,
    @Nullable Long chosenRunnerId,
    @Nullable String rationale,
    long latencyMs,
    long inputTokens,
    long outputTokens,
    boolean accepted,
    @Nullable String error) {}
