package dev.runneriq.formats;

import dev.runneriq.core.model.Pipeline;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One pipeline of a trace: the engine's view of it, when it was created, and its jobs. */
public record TracePipeline(
    Pipeline pipeline, Instant createdAt, @Nullable Long projectId, List<TraceJob> jobs) {
  public TracePipeline {
    jobs = List.copyOf(jobs);
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("pipeline " + pipeline.id() + " has no jobs");
    }
  }

  public long id() {
    return pipeline.id();
  }
}
