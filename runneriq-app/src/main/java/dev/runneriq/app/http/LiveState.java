package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the running service knows now: the latest snapshot and the decisions of the latest cycle.
 * Implementations are thread-safe and return immutable values.
 */
public interface LiveState {

  /** The latest snapshot the Monitor built. */
  Snapshot snapshot();

  /** The decisions of the latest engine cycle, highest priority first. */
  List<Decision> decisions();

  /** When the snapshot was last refreshed from GitLab. */
  Instant refreshedAt();

  /** Why the snapshot may be out of date (GitLab unreachable, …), or null when it is fresh. */
  @Nullable String staleReason();

  /** Whether GitLab answered the last request. */
  boolean gitlabReachable();
}
