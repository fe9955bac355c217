package dev.runneriq.app.serve;

import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state before the first cycle. */
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
}
