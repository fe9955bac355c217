package dev.runneriq.sim;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Base priorities ({@link Analyzer#baseScore}) of many jobs, computed once per distinct set of the
 * fields the analyzer reads: traces repeat the same job of the same kind of pipeline many times.
 */
final class BaseTiers {
  private record Key(
      String ref,
      String refKind,
      boolean protectedRef,
      boolean defaultBranch,
      String source,
      @Nullable String user,
      boolean bot,
      String name,
      String stage,
      @Nullable Environment environment,
      Map<String, String> variables,
      @Nullable JobHistory history,
      List<String> tags) {}

  private final Analyzer analyzer;
  private final Map<Key, Priority> cache = new HashMap<>();

  BaseTiers(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  Priority of(PendingJob job) {
    var p = job.pipeline();
    var key =
        new Key(
            p.ref(),
            p.refKind(),
            p.protectedRef(),
            p.defaultBranch(),
            p.source(),
            p.user(),
            p.userIsBot(),
            job.name(),
            job.stage(),
            job.environment(),
            job.variables(),
            job.history(),
            job.tagList());
    var hit = cache.get(key);
    if (hit == null) {
      hit = analyzer.baseScore(job);
      cache.put(key, hit);
    }
    return hit;
  }
}
