package dev.runneriq.app.mcp;

import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot read from a context file, standing in for the service's live state: the fleet and
 * queue as the file has them, and the engine's decisions on it (seed 42, as {@code decide}).
 */
public record ContextState(Snapshot snapshot, List<Decision> decisions, String file)
    implements LiveState {
  public ContextState {
    decisions = List.copyOf(decisions);
  }

  public static ContextState of(Snapshot snapshot, Engine engine, String file) {
    return new ContextState(snapshot, engine.decide(snapshot, 42), file);
  }

  @Override
  public Instant refreshedAt() {
    return snapshot.now();
  }

  @Override
  public @Nullable String staleReason() {
    return "a snapshot from " + file + ", not live GitLab";
  }

  @Override
  public boolean gitlabReachable() {
    return false;
  }
}
