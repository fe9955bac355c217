package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A live state that does not change: one snapshot and the engine's decisions on it. */
record FixedState(
    Snapshot snapshot,
    List<Decision> decisions,
    Instant refreshedAt,
    @Nullable String staleReason,
    boolean gitlabReachable,
    Insights insights)
    implements LiveState {

  FixedState(
      Snapshot snapshot,
      List<Decision> decisions,
      Instant refreshedAt,
      @Nullable String staleReason,
      boolean gitlabReachable) {
    this(snapshot, decisions, refreshedAt, staleReason, gitlabReachable, Insights.NONE);
  }
}
