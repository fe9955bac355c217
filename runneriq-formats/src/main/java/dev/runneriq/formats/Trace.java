package dev.runneriq.formats;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A CI workload ({@code runneriq.trace/v1}): pipelines sorted by creation time, then id.
 *
 * @param source where it came from, e.g. a file name or {@code preset:busy-day}
 */
public record Trace(String source, List<TracePipeline> pipelines) {
  public static final Comparator<TracePipeline> ORDER =
      Comparator.comparing(TracePipeline::createdAt).thenComparingLong(TracePipeline::id);

  public Trace {
    pipelines = pipelines.stream().sorted(ORDER).toList();
  }

  public int jobCount() {
    int n = 0;
    for (var p : pipelines) {
      n += p.jobs().size();
    }
    return n;
  }

  /** Creation time of the first pipeline; the epoch for an empty trace. */
  public Instant start() {
    return pipelines.isEmpty() ? Instant.EPOCH : pipelines.get(0).createdAt();
  }
}
