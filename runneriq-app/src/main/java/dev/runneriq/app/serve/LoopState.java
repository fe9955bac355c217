package dev.runneriq.app.serve;

import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one cycle of the control loop left: the Monitor's view and the engine's decisions on it. */
record LoopState(
    Snapshot snapshot,
    List<Decision> decisions,
    Instant refreshedAt,
    @Nullable String staleReason,
    boolean gitlabReachable)
    implements LiveState {

  LoopState {
    decisions = List.copyOf(decisions);
  }
}
