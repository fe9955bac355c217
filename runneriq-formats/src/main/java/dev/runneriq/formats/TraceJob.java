package dev.runneriq.formats;

import dev.runneriq.core.model.PendingJob;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One job of a trace ({@code runneriq.trace/v1}): what the engine sees of it ({@code spec}, whose
 * {@code pendingSince} is the pipeline's creation time until a simulator makes it pending) plus how
 * it behaves when run.
 *
 * @param needs names of the jobs it waits for, or null to follow stage order
 * @param durationS run time on a runner of speed 1.0, seconds
 * @param failed the job ends {@code failed} rather than {@code success}
 * @param when {@code on_success}, {@code manual}, {@code always} or {@code delayed}
 * @param startInS for {@code delayed} jobs: seconds between becoming ready and becoming pending
 */
public record TraceJob(
    PendingJob spec,
    @Nullable List<String> needs,
    double durationS,
    boolean failed,
    boolean allowFailure,
    String when,
    double startInS) {

  public static final String ON_SUCCESS = "on_success";
  public static final String MANUAL = "manual";
  public static final String ALWAYS = "always";
  public static final String DELAYED = "delayed";
  public static final List<String> WHENS = List.of(ON_SUCCESS, MANUAL, ALWAYS, DELAYED);

  public TraceJob {
    Objects.requireNonNull(spec, "spec");
    needs = needs == null ? null : List.copyOf(needs);
    if (!(durationS >= 0)) {
      throw new IllegalArgumentException("duration_s must not be negative, but was " + durationS);
    }
    if (!WHENS.contains(when)) {
      throw new IllegalArgumentException("unknown when: " + when);
    }
  }

  /** The same job with another spec (the needs, duration and outcome kept). */
  public TraceJob withSpec(PendingJob other) {
    return new TraceJob(other, needs, durationS, failed, allowFailure, when, startInS);
  }

  public long id() {
    return spec.id();
  }

  public String name() {
    return spec.name();
  }
}
