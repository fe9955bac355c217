package dev.runneriq.sim;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.formats.TraceJob;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Groups jobs by the set of runners that may ever take them, by GitLab's matching rules (the
 * permanent filters of {@link Filters#DEFAULT}: tags, untagged, protected refs, ownership, timeout,
 * paused, offline). Jobs with the same signature compete for the same runners, so dispatch looks at
 * a few signatures instead of every pending job.
 */
final class Signatures {
  private record JobClass(
      List<String> tags, boolean protectedRef, String project, @Nullable Long timeoutS) {}

  private final int[] jobSignature;
  private final List<BitSet> runnersOf = new ArrayList<>();
  private final BitSet mixedTags = new BitSet();
  private final int[][] ofRunner;

  Signatures(TraceJob[] jobs, Runner[] runners) {
    List<Filter> permanent = Filters.DEFAULT.stream().filter(f -> !f.transientRejection()).toList();
    var classes = new HashMap<JobClass, Integer>();
    var bySet = new HashMap<BitSet, Integer>();
    jobSignature = new int[jobs.length];
    for (int j = 0; j < jobs.length; j++) {
      PendingJob spec = jobs[j].spec();
      var key =
          new JobClass(
              spec.tagList(), spec.pipeline().protectedRef(), spec.project(), spec.timeoutS());
      Integer sig = classes.get(key);
      if (sig == null) {
        var set = new BitSet(runners.length);
        for (int r = 0; r < runners.length; r++) {
          if (acceptsAll(permanent, spec, runners[r])) {
            set.set(r);
          }
        }
        sig = bySet.computeIfAbsent(set, s -> runnersOf.size());
        if (sig == runnersOf.size()) {
          runnersOf.add(set);
        }
        classes.put(key, sig);
      }
      jobSignature[j] = sig;
    }
    var tagsOf = new HashMap<Integer, List<String>>();
    for (int j = 0; j < jobs.length; j++) {
      var tags = jobs[j].spec().tagList();
      var seen = tagsOf.putIfAbsent(jobSignature[j], tags);
      if (seen != null && !seen.equals(tags)) {
        mixedTags.set(jobSignature[j]);
      }
    }
    ofRunner = new int[runners.length][];
    for (int r = 0; r < runners.length; r++) {
      var list = new ArrayList<Integer>();
      for (int s = 0; s < runnersOf.size(); s++) {
        if (runnersOf.get(s).get(r)) {
          list.add(s);
        }
      }
      ofRunner[r] = list.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static boolean acceptsAll(List<Filter> filters, PendingJob job, Runner runner) {
    for (var f : filters) {
      if (!f.accepts(job, runner)) {
        return false;
      }
    }
    return true;
  }

  int[] jobSignatures() {
    return jobSignature;
  }

  int count() {
    return runnersOf.size();
  }

  /** The runners that may take jobs of signature {@code s}; do not modify. */
  BitSet runners(int s) {
    return runnersOf.get(s);
  }

  /**
   * Whether every job of signature {@code s} has the same tag list: then they all get the same
   * answer from the engine's transient filters on the same runners.
   */
  boolean sameTags(int s) {
    return !mixedTags.get(s);
  }

  /** The signatures runner {@code r} may take. */
  int[] ofRunner(int r) {
    return ofRunner[r];
  }
}
