package dev.runneriq.store;

import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.model.Tier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Filters over the audit log; null means "any". Results are newest first. The API's query and
 * {@code runneriq log} both build one, so a value one of them refuses, the other refuses too, with
 * the same words.
 *
 * @param tier CRITICAL, HIGH, MEDIUM or LOW
 * @param decidedBy rules, tie-break, llm or fifo-fallback
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

  /** The tier names a query takes, highest first. */
  public static final List<String> TIERS = Arrays.stream(Tier.values()).map(Tier::name).toList();

  /** The {@code decided_by} values a query takes. */
  public static final List<String> DECIDED_BY =
      Arrays.stream(DecidedBy.values()).map(DecidedBy::wire).toList();

  public DecisionQuery {
    QueryChecks.oneOf("tier", tier, TIERS);
    QueryChecks.oneOf("decided_by", decidedBy, DECIDED_BY);
    QueryChecks.page(limit, offset);
  }

  public static DecisionQuery all(int limit) {
    return new DecisionQuery(null, null, null, null, null, null, null, limit, 0);
  }

  public DecisionQuery withJob(long id) {
    return new DecisionQuery(id, pipelineId, project, tier, decidedBy, from, to, limit, offset);
  }
}
