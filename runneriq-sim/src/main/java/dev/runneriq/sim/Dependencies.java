package dev.runneriq.sim;

import dev.runneriq.formats.TracePipeline;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The dependency edges of a trace, built pipeline by pipeline: a job with {@code needs} waits for
 * the named jobs; any other job waits for every job of every earlier stage (docs/formats/trace.md).
 * Stored as compressed rows: the dependents of job {@code j} are {@code to[from[j]..from[j+1])}.
 */
final class Dependencies {
  private final int n;
  private int[] src = new int[1024];
  private int[] dst = new int[1024];
  private int count;

  Dependencies(int jobs) {
    this.n = jobs;
  }

  /** Adds the edges of one pipeline; {@code idx[k]} is the world index of its k-th job. */
  void addPipeline(TracePipeline p, int[] idx, int[] depCount) {
    var jobs = p.jobs();
    var byName = new HashMap<String, Integer>();
    int[] stageOf = new int[jobs.size()];
    for (int k = 0; k < jobs.size(); k++) {
      byName.put(jobs.get(k).name(), k);
      stageOf[k] = p.pipeline().stages().indexOf(jobs.get(k).spec().stage());
    }
    for (int k = 0; k < jobs.size(); k++) {
      var needs = jobs.get(k).needs();
      if (needs != null) {
        for (String name : needs) {
          Integer d = byName.get(name);
          if (d != null) {
            edge(idx[d], idx[k], depCount);
          }
        }
      } else {
        for (int d = 0; d < jobs.size(); d++) {
          if (stageOf[d] < stageOf[k]) {
            edge(idx[d], idx[k], depCount);
          }
        }
      }
    }
  }

  private void edge(int from, int to, int[] depCount) {
    if (count == src.length) {
      src = Arrays.copyOf(src, count * 2);
      dst = Arrays.copyOf(dst, count * 2);
    }
    src[count] = from;
    dst[count++] = to;
    depCount[to]++;
  }

  int[] from() {
    int[] from = new int[n + 1];
    for (int e = 0; e < count; e++) {
      from[src[e] + 1]++;
    }
    for (int j = 0; j < n; j++) {
      from[j + 1] += from[j];
    }
    return from;
  }

  int[] to() {
    int[] from = from();
    int[] fill = Arrays.copyOf(from, n);
    int[] to = new int[count];
    for (int e = 0; e < count; e++) {
      to[fill[src[e]]++] = dst[e];
    }
    return to;
  }
}
