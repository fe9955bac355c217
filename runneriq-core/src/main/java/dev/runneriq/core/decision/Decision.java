package dev.runneriq.core.decision;

import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.Frozen;
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
    Explanation explanation,
    @Nullable LlmRecord llm,
    @Nullable String fallbackReason) {

  public Decision {
    candidates = List.copyOf(candidates);
    rejections = Frozen.copyOf(rejections);
  }

  /**
   * A decision on {@code job} built by field name: it waits, by the rules, with no candidate, no
   * rejection, no model record and no fallback reason until told otherwise.
   */
  public static Builder builder(
      String id, Instant at, String mode, long jobId, JobRef job, Priority priority) {
    return new Builder(id, at, mode, jobId, job, priority);
  }

  /** Builds a {@link Decision} by field name. */
  public static final class Builder {
    private final String id;
    private final Instant at;
    private final String mode;
    private final long jobId;
    private final JobRef job;
    private final Priority priority;
    private Action action = Action.WAIT;
    private @Nullable Long runnerId;
    private @Nullable Instant deferUntil;
    private DecidedBy decidedBy = DecidedBy.RULES;
    private List<Candidate> candidates = List.of();
    private Map<String, Integer> rejections = Map.of();
    private int considered;
    private Explanation explanation = Explanation.none();
    private @Nullable LlmRecord llm;
    private @Nullable String fallbackReason;

    private Builder(String id, Instant at, String mode, long jobId, JobRef job, Priority priority) {
      this.id = id;
      this.at = at;
      this.mode = mode;
      this.jobId = jobId;
      this.job = job;
      this.priority = priority;
    }

    public Builder action(Action value) {
      this.action = value;
      return this;
    }

    public Builder runnerId(@Nullable Long value) {
      this.runnerId = value;
      return this;
    }

    public Builder deferUntil(@Nullable Instant value) {
      this.deferUntil = value;
      return this;
    }

    public Builder decidedBy(DecidedBy value) {
      this.decidedBy = value;
      return this;
    }

    public Builder candidates(List<Candidate> value) {
      this.candidates = value;
      return this;
    }

    public Builder rejections(Map<String, Integer> value) {
      this.rejections = value;
      return this;
    }

    public Builder considered(int value) {
      this.considered = value;
      return this;
    }

    public Builder explanation(String value) {
      this.explanation = new Explanation(value);
      return this;
    }

    /** Words rendered when first read: see {@link Explanation}. */
    public Builder explanation(Explanation value) {
      this.explanation = value;
      return this;
    }

    public Builder llm(@Nullable LlmRecord value) {
      this.llm = value;
      return this;
    }

    public Builder fallbackReason(@Nullable String value) {
      this.fallbackReason = value;
      return this;
    }

    public Decision build() {
      return new Decision(
          id,
          at,
          mode,
          jobId,
          job,
          priority,
          action,
          runnerId,
          deferUntil,
          decidedBy,
          candidates,
          rejections,
          considered,
          explanation,
          llm,
          fallbackReason);
    }
  }

  /** The job as a decision names it. */
  public record JobRef(String name, String stage, String project, long pipelineId, String ref) {}
}
