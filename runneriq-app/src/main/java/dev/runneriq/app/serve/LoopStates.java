package dev.runneriq.app.serve;

import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state before the first cycle, and a state shown for another reason. */
final class LoopStates {
  static final LiveState EMPTY =
      new LoopState(
          new Snapshot(Instant.EPOCH, List.of(), List.of()),
          List.of(),
          Instant.EPOCH,
          "not started",
          false,
          List.of(),
          null,
          Map.of(),
          Map.of());

  private LoopStates() {}

  /** {@code s} with {@code why} as its reason, and whether GitLab answered as {@code reachable}. */
  static LiveState stale(LiveState s, String why, boolean reachable) {
    var l = LoopState.of(s);
    return new LoopState(
        l.snapshot(),
        l.decisions(),
        l.refreshedAt(),
        why,
        reachable,
        l.gitlabSkipped(),
        l.carbonProvider(),
        l.carbonProblems(),
        l.carbonHistory(),
        l.held(),
        l.insights());
  }
}
