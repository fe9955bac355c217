package dev.runneriq.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A comparison: the same trace, fleet, carbon series and seed under several policies.
 *
 * @param source where the trace came from ({@code preset:busy-day}, a file name)
 * @param end the last job end over all policies
 * @param zones the carbon zones the series holds
 * @param withoutCarbonData runners whose jobs' CO2 cannot be counted (no zone, or no series for
 *     it), as {@code name (id): why}
 * @param shiftWeeks the whole-week shift that aligned the series with the trace
 * @param policies results by policy name, in the order run
 */
public record SimResult(
    String source,
    int pipelines,
    int jobs,
    Instant start,
    Instant end,
    int runners,
    int slots,
    List<String> zones,
    List<String> withoutCarbonData,
    long shiftWeeks,
    long seed,
    Map<String, PolicyResult> policies) {}
