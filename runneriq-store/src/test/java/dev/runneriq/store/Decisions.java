package dev.runneriq.store;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real decisions from the real engine, for the store's tests. */
final class Decisions {
  private Decisions() {}

  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  /** One engine cycle over {@code jobs} pending jobs of two projects on three runners. */
  static List<Decision> cycle(int jobs, long seed, Instant now) {
    var runners =
        List.of(
            Runner.of(1, "docker-1", List.of("docker"), 2),
            Runner.of(2, "docker-2", List.of("docker"), 2),
            Runner.of(3, "gpu-1", List.of("gpu"), 1));
    var main =
        new Pipeline(
            77, "shop/web", "main", "branch", true, true, "push", "dana", false, List.of());
    var feature =
        new Pipeline(
            78, "shop/api", "feature/x", "branch", false, false, "push", "lee", false, List.of());
    var pending = new ArrayList<PendingJob>();
    for (int i = 0; i < jobs; i++) {
      boolean deploy = i % 5 == 0;
      pending.add(
          new PendingJob(
              seed * 100_000 + i,
              deploy ? "deploy-prod" : "lint",
              deploy ? "deploy" : "test",
              List.of(i % 7 == 3 ? "arm" : "docker"),
              now.minusSeconds(60L * (i % 30)),
              null,
              deploy ? new Environment("production", "production") : null,
              Map.of(),
              deploy ? main : feature,
              null,
              false));
    }
    return Engine.standard(EngineConfig.DEFAULT).decide(new Snapshot(now, runners, pending), seed);
  }
}
