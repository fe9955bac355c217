package dev.runneriq.app.http;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** What the last poll left out (a project or job GitLab answered 403/404 for), and why. */
  default List<String> gitlabSkipped() {
    return List.of();
  }

  /** The carbon provider's name, or null when none is configured. */
  default @Nullable String carbonProvider() {
    return null;
  }

  /** Each zone's intensity over the last hours, as read, in time order. */
  default Map<String, List<CarbonReading>> carbonHistory() {
    return Map.of();
  }

  /**
   * The snapshot's jobs that GitLab shows {@code scheduled}, held by the gate template (gate mode);
   * the others are pending in GitLab.
   */
  default Set<Long> held() {
    return Set.of();
  }

  /** Zones whose carbon intensity could not be read fresh, with the reason. */
  default Map<String, String> carbonProblems() {
    return Map.of();
  }

  /** What the Optimizer found; {@link Insights#NONE} when nothing was learned yet. */
  default Insights insights() {
    return Insights.NONE;
  }
}
