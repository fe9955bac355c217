package dev.runneriq.sim;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.core.placement.JobSignature;
import dev.runneriq.core.placement.Verdict.Rejected;
import dev.runneriq.formats.TraceJob;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;

/**
 * Groups jobs by the set of runners that may ever take them, by GitLab's matching rules (the
 * filters of {@link Filters#DEFAULT}, whose rejections that clear by themselves are left out). Jobs
 * with the same signature compete for the same runners, so dispatch looks at a few signatures
 * instead of every pending job.
 */
final class Signatures {
  private final int[] jobSignature;
  private final List<BitSet> runnersOf = new ArrayList<>();
  private final BitSet mixedTags = new BitSet();
  private final int[][] ofRunner;

  Signatures(TraceJob[] jobs, Runner[] runners) {
    // jobs alike in what the rules read of them are matched alike
    var read = JobSignature.of(Filters.DEFAULT);
    var classes = new HashMap<Object, Integer>();
    var bySet = new HashMap<BitSet, Integer>();
    jobSignature = new int[jobs.length];
    for (int j = 0; j < jobs.length; j++) {
      PendingJob spec = jobs[j].spec();
      var key = read.key(spec);
      Integer sig = classes.get(key);
      if (sig == null) {
        var set = new BitSet(runners.length);
        for (int r = 0; r < runners.length; r++) {
          if (mayTake(spec, runners[r])) {
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

  /** Whether no rule rejects {@code runner} for {@code job} for good. */
  private static boolean mayTake(PendingJob job, Runner runner) {
    for (var f : Filters.DEFAULT) {
      if (f.check(job, runner) instanceof Rejected r && !r.reason().clearsByItself()) {
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
