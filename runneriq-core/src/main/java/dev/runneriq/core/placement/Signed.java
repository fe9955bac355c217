package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;

/**
 * What a {@link Filter}'s verdicts read, declared beside the rule so that the placement pipeline
 * may reuse them (Kubernetes' {@code SignPlugin}). A filter that declares nothing is still placed
 * correctly, only afresh: on every runner, for every job, after the declared ones.
 *
 * <p>A declaration that reads less than the rule does makes the pipeline reuse verdicts it should
 * not, silently; the property {@code FilterCacheProperties} compares every filter's reused verdicts
 * with fresh ones and names the filter whose declaration is short.
 */
public interface Signed {

  /**
   * The facets of the job the verdict reads: two jobs that agree on them get the same verdict on
   * every runner.
   */
  JobSignature signature();

  /**
   * Whether the verdict reads the runner's running count. If not, the pipeline keeps the verdicts
   * while the runners change only in running counts, and checks this filter before those that do.
   */
  boolean readsLoad();

  /**
   * Whether this filter can reject any job on {@code runner}. False lets the pipeline skip the
   * runner: an online runner never fails {@code offline}. The default, true, is always safe.
   */
  default boolean canReject(Runner runner) {
    return true;
  }
}
