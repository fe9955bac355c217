package dev.runneriq.bench;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link Workload}'s fleet and queue as a trace for the simulated GitLab, in the shape of a busy
 * day that `serve` meets: every job its own pipeline, ten hours long, all released at {@code t0},
 * so the jobs GitLab starts on the fleet's slots keep them and the rest, {@code pending}, stay
 * pending.
 *
 * @param slots the fleet's slots, which the first jobs fill
 */
record Fleet(Trace trace, List<Runner> runners, int slots, Instant t0) {
  /** A fleet of {@code runners} with {@code pending} jobs left waiting once every slot is taken. */
  static Fleet of(int runners, int pending) {
    // the fleet's slots fill first: generate that many more jobs so the pending ones are the target
    int slots =
        Workload.snapshot(runners, 0, Workload.SEED).runners().stream()
            .mapToInt(Runner::concurrency)
            .sum();
    var snapshot = Workload.snapshot(runners, pending + slots, Workload.SEED);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    var pipelines = new ArrayList<TracePipeline>(snapshot.jobs().size());
    for (var j : snapshot.jobs()) {
      var p = j.pipeline();
      var own =
          new Pipeline(
              j.id(),
              p.project(),
              p.ref(),
              p.refKind(),
              p.protectedRef(),
              p.defaultBranch(),
              p.source(),
              p.user(),
              p.userIsBot(),
              p.stages());
      var spec =
          new PendingJob(
              j.id(),
              j.name(),
              j.stage(),
              j.tagList(),
              t0,
              j.timeoutS(),
              j.environment(),
              j.variables(),
              own,
              j.history(),
              j.interruptible());
      pipelines.add(
          new TracePipeline(
              own,
              t0,
              null,
              List.of(new TraceJob(spec, null, 36_000, false, false, TraceJob.ON_SUCCESS, 0))));
    }
    return new Fleet(new Trace("serve-memory", pipelines), snapshot.runners(), slots, t0);
  }

  /** How many jobs the trace holds: the slots' and the pending ones. */
  int jobs() {
    return trace.pipelines().size();
  }

  /**
   * A {@code runneriq serve} configuration in front of the simulated GitLab at {@code gitlab}
   * holding this fleet (each runner's concurrency given, as GitLab's API does not say it),
   * listening on {@code port}, with {@code store} as the store section's lines (indented after the
   * first).
   */
  String serveConfig(URI gitlab, int port, String store) {
    String byId =
        runners.stream()
            .map(r -> "\"" + r.id() + "\": " + r.concurrency())
            .collect(Collectors.joining(", "));
    return """
        gitlab:
          url: %s
          poll_interval_s: 10
          requests_per_second: 1000
          concurrency:
            by_id: {%s}
        store:
          %s
        server:
          port: %d
        """
        .formatted(gitlab, byId, store, port);
  }
}
