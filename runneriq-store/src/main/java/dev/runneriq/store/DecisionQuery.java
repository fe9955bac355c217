package dev.runneriq.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters over the audit log; null means "any". Results are newest first.
 *
 * @param limit at most this many rows (1–10,000)
 * @param offset rows to skip, for paging
 */
public record DecisionQuery(
    @Nullable Long jobId,
    @Nullable Long pipelineId,
    @Nullable String project,
    @Nullable String tier,
    @Nullable String decidedBy,
    @Nullable Instant from,
    @Nullable Instant to,
    int limit,
    int offset) {

  public DecisionQuery {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be between 1 and 10000, but was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, but was " + offset);
    }
  }

  public static DecisionQuery all(int limit) {
    return new DecisionQuery(null, null, null, null, null, null, null, limit, 0);
  }

  public DecisionQuery withJob(long id) {
    return new DecisionQuery(id, pipelineId, project, tier, decidedBy, from, to, limit, offset);
  }
}
