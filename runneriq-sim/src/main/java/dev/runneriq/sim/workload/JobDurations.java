package dev.runneriq.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Real job run times to draw from: 8,640 Buildkite jobs of the Julia project by stage (resource
 * {@code julia-job-durations.csv}, see its NOTICE). A draw is one real job's duration, picked
 * uniformly: the empirical distribution, tails included.
 */
final class JobDurations {
  /** What a generated job does, and the Julia stage whose durations it takes. */
  enum Kind {
    PREPARE("orchestration"),
    BUILD("build"),
    TEST("test"),
    LINT("check"),
    DOCS("docs"),
    DEPLOY("upload"),
    COVERAGE("coverage");

    final String juliaStage;

    Kind(String juliaStage) {
      this.juliaStage = juliaStage;
    }
  }

  private final Map<String, double[]> byStage;

  private JobDurations(Map<String, double[]> byStage) {
    this.byStage = byStage;
  }

  static JobDurations load() {
    var lists = new HashMap<String, List<Double>>();
    try (var r =
        new BufferedReader(
            new InputStreamReader(
                Bundled.resource("workload/julia-job-durations.csv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("stage,")) {
          continue;
        }
        int comma = line.indexOf(',');
        lists
            .computeIfAbsent(line.substring(0, comma), k -> new ArrayList<>())
            .add(Double.parseDouble(line.substring(comma + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var out = new HashMap<String, double[]>();
    lists.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return new JobDurations(out);
  }

  double draw(Kind kind, SplittableRandom rng) {
    double[] v = byStage.get(kind.juliaStage);
    if (v == null) {
      throw new IllegalStateException("no durations for stage " + kind.juliaStage);
    }
    return v[rng.nextInt(v.length)];
  }

  double mean(Kind kind) {
    double s = 0;
    double[] v = byStage.getOrDefault(kind.juliaStage, new double[] {0});
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }
}
