package dev.runneriq.app.serve;

import dev.runneriq.app.http.Insights;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one cycle of the control loop left: the Monitor's view with the grid's, and the engine's
 * decisions on it, and which of its jobs the gate holds. Public so that the API's tests can serve a
 * state with every part.
 */
public record LoopState(
    Snapshot snapshot,
    List<Decision> decisions,
    Instant refreshedAt,
    @Nullable String staleReason,
    boolean gitlabReachable,
    List<String> gitlabSkipped,
    @Nullable String carbonProvider,
    Map<String, String> carbonProblems,
    Map<String, List<CarbonReading>> carbonHistory,
    Set<Long> held,
    Insights insights)
    implements LiveState {

  public LoopState {
    held = Set.copyOf(held);
    decisions = List.copyOf(decisions);
    gitlabSkipped = List.copyOf(gitlabSkipped);
    carbonProblems = Map.copyOf(carbonProblems);
    carbonHistory = Map.copyOf(carbonHistory);
  }

  /** A state without held jobs (advisory mode) and without what the Optimizer found. */
  public LoopState(
      Snapshot snapshot,
      List<Decision> decisions,
      Instant refreshedAt,
      @Nullable String staleReason,
      boolean gitlabReachable,
      List<String> gitlabSkipped,
      @Nullable String carbonProvider,
      Map<String, String> carbonProblems,
      Map<String, List<CarbonReading>> carbonHistory) {
    this(
        snapshot,
        decisions,
        refreshedAt,
        staleReason,
        gitlabReachable,
        gitlabSkipped,
        carbonProvider,
        carbonProblems,
        carbonHistory,
        Set.of(),
        Insights.NONE);
  }

  /** {@code s} as a record, its parts as they are. */
  public static LoopState of(LiveState s) {
    if (s instanceof LoopState l) {
      return l;
    }
    return new LoopState(
        s.snapshot(),
        s.decisions(),
        s.refreshedAt(),
        s.staleReason(),
        s.gitlabReachable(),
        s.gitlabSkipped(),
        s.carbonProvider(),
        s.carbonProblems(),
        s.carbonHistory(),
        s.held(),
        s.insights());
  }
}
