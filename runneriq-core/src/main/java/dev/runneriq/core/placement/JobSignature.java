package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The facets of a job that verdicts depend on, after Kubernetes' {@code SignPod}: two jobs with
 * equal {@link #key keys} get the same verdicts from every filter whose declared signature is
 * within this one. Signatures compose by union ({@link #and}): the pipeline keys the reuse of a
 * placement's answer by the union of the signatures of the filters that shaped it.
 */
public final class JobSignature {
  private static final JobFacet[] FACETS = JobFacet.values();
  private static final JobSignature[] BY_MASK = new JobSignature[1 << FACETS.length];

  static {
    for (int mask = 0; mask < BY_MASK.length; mask++) {
      BY_MASK[mask] = new JobSignature(mask);
    }
  }

  /** No facet: the verdicts depend on the runner only. */
  public static final JobSignature NONE = BY_MASK[0];

  /** The whole job: what a filter that declares nothing is keyed by. */
  public static final JobSignature WHOLE_JOB = of(JobFacet.JOB);

  /** The key of every job under {@link #NONE}. */
  private static final Object ANY_JOB = "any job";

  private final int mask;
  private final JobFacet[] facets;

  private JobSignature(int mask) {
    this.mask = mask;
    this.facets =
        EnumSet.allOf(JobFacet.class).stream()
            .filter(f -> (mask & bit(f)) != 0)
            .toArray(JobFacet[]::new);
  }

  public static JobSignature of(JobFacet... facets) {
    int mask = 0;
    for (var f : facets) {
      mask |= bit(f);
    }
    return BY_MASK[mask];
  }

  /** What {@code filter}'s verdicts read: its declared signature, or the whole job. */
  public static JobSignature of(Filter filter) {
    return filter instanceof Signed s ? s.signature() : WHOLE_JOB;
  }

  /** The union of the signatures of {@code filters}. */
  public static JobSignature of(Collection<? extends Filter> filters) {
    var out = NONE;
    for (var f : filters) {
      out = out.and(of(f));
    }
    return out;
  }

  /** The facets of both. */
  public JobSignature and(JobSignature other) {
    return BY_MASK[mask | other.mask];
  }

  public Set<JobFacet> facets() {
    var out = EnumSet.noneOf(JobFacet.class);
    out.addAll(List.of(facets));
    return out;
  }

  /**
   * What {@code job} is under this signature: two jobs get equal keys exactly when they agree on
   * every facet. Allocates nothing for a signature of one facet or none.
   */
  public Object key(PendingJob job) {
    if (facets.length == 0) {
      return ANY_JOB;
    }
    if ((mask & bit(JobFacet.JOB)) != 0) {
      return job;
    }
    if (facets.length == 1) {
      return facets[0].of(job);
    }
    var values = new Object[facets.length];
    for (int f = 0; f < facets.length; f++) {
      values[f] = facets[f].of(job);
    }
    return List.of(values);
  }

  private static int bit(JobFacet f) {
    return 1 << f.ordinal();
  }

  @Override
  public String toString() {
    return "job signature " + List.of(facets);
  }
}
