package dev.runneriq.core.decision;

import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One scheduling decision about one pending job, with everything needed to understand and replay it
 * ({@code docs/formats/decision.md}).
 */
public record Decision(
    String id,
    Instant at,
    String mode,
    long jobId,
    JobRef job,
    Priority priority,
    Action action,
    @Nullable Long runnerId,
    @Nullable Instant deferUntil,
    DecidedBy decidedBy,
    List<Candidate> candidates,
    Map<String, Integer> rejections,
    int considered,
    String explanation,
    @Nullable LlmRecord llm,
    @Nullable String fallbackReason) {

  public Decision {
    candidates = List.copyOf(candidates);
    rejections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejections));
  }

  /** The job as a decision names it. */
  public record JobRef(String name, String stage, String project, long pipelineId, String ref) {}
}
