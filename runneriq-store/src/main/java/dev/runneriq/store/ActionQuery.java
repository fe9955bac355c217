package dev.runneriq.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters over the action log; null means "any". Results are newest first. The API's query and
 * {@code runneriq log --actions} both build one, so they refuse a value with the same words.
 *
 * @param kind play, cancel, retry or mode
 * @param state sent, done, failed, forbidden or dry_run
 * @param from requested at or after this time
 * @param to requested before this time
 * @param limit at most this many rows (1–10,000)
 * @param offset rows to skip, for paging
 */
public record ActionQuery(
    @Nullable Long jobId,
    @Nullable String project,
    @Nullable String kind,
    @Nullable String state,
    @Nullable Instant from,
    @Nullable Instant to,
    int limit,
    int offset) {

  public ActionQuery {
    QueryChecks.oneOf("kind", kind, ActionKind.WIRE);
    QueryChecks.oneOf("state", state, ActionState.WIRE);
    QueryChecks.page(limit, offset);
  }

  public static ActionQuery all(int limit) {
    return new ActionQuery(null, null, null, null, null, null, limit, 0);
  }
}
