package dev.runneriq.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job waiting for a runner.
 *
 * @param timeoutS the job's timeout in seconds, or null when unset
 * @param history earlier runs of the same job name in the same project, when known
 */
public record PendingJob(
    long id,
    String name,
    String stage,
    List<String> tagList,
    Instant pendingSince,
    @Nullable Long timeoutS,
    @Nullable Environment environment,
    Map<String, String> variables,
    Pipeline pipeline,
    @Nullable JobHistory history,
    boolean interruptible) {

  public PendingJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(pendingSince, "pending_since");
    Objects.requireNonNull(pipeline, "pipeline");
    tagList = List.copyOf(tagList);
    variables = Map.copyOf(variables);
  }

  /** The same job, waiting since {@code since}. */
  public PendingJob waitingSince(Instant since) {
    return new PendingJob(
        id,
        name,
        stage,
        tagList,
        since,
        timeoutS,
        environment,
        variables,
        pipeline,
        history,
        interruptible);
  }

  /** The same job with what earlier runs of it say. */
  public PendingJob withHistory(@Nullable JobHistory newHistory) {
    return new PendingJob(
        id,
        name,
        stage,
        tagList,
        pendingSince,
        timeoutS,
        environment,
        variables,
        pipeline,
        newHistory,
        interruptible);
  }

  /** The same job in another pipeline. */
  public PendingJob inPipeline(Pipeline other) {
    return new PendingJob(
        id,
        name,
        stage,
        tagList,
        pendingSince,
        timeoutS,
        environment,
        variables,
        other,
        history,
        interruptible);
  }

  public String project() {
    return pipeline.project();
  }
}
