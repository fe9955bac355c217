package dev.runneriq.sim.workload;

import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.workload.PipelineShapes.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Synthetic traces by preset name, seedable and deterministic. Arrivals follow a working-day
 * profile and are burstier than Poisson: each 10-minute slot draws its rate from a gamma
 * distribution around the profile (a doubly stochastic Poisson process), pipelines come in
 * follow-up pairs, and scheduled pipelines fire together on the hour. The arrival rate is
 * calibrated so that demand at the profile's peak is about {@code peakUtilization} of the default
 * fleet's slots (times {@code scale}).
 */
public final class WorkloadPresets {
  public static final List<String> NAMES =
      List.of("busy-day", "heavy-day", "release-crunch", "nightly", "monorepo");

  /** How much more work {@code heavy-day} brings than {@code busy-day}. */
  public static final double HEAVY = 1.3;

  /** The most a preset's arrival rate may be multiplied by ({@code --load}). */
  public static final double MAX_LOAD = 5;

  /** The first day of every preset: Monday 2 March 2026, UTC. */
  public static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  /** Relative arrival rate per UTC hour of a European working day (our assumption). */
  static final double[] WORKING_DAY = {
    0.04, 0.03, 0.03, 0.03, 0.04, 0.06, 0.15, 0.40, 0.75, 0.95, 1.00, 0.95,
    0.70, 0.85, 1.00, 0.95, 0.85, 0.60, 0.35, 0.20, 0.12, 0.08, 0.06, 0.05
  };

  /** General-purpose slots of the default fleet used for calibration (92 less gpu and deploy). */
  static final int CALIBRATION_SLOTS = 84;

  /**
   * GitHub Actions trigger mix (50.7% pull requests, 30.9% pushes, 15.5% scheduled, 2.9% other),
   * pushes split into default-branch, feature, hotfix and tag pushes.
   */
  private static final Shape[] SHAPES = Shape.values();

  /**
   * @param load arrivals beyond the calibrated peak, on the same day: {@code heavy-day} is {@code
   *     busy-day} with 30% more pipelines in it
   */
  private record Preset(
      String name,
      int projects,
      double[] mix,
      double peakUtilization,
      boolean cronAtNight,
      double followUp,
      double load) {
    Preset(
        String name,
        int projects,
        double[] mix,
        double peakUtilization,
        boolean cronAtNight,
        double followUp) {
      this(name, projects, mix, peakUtilization, cronAtNight, followUp, 1);
    }
  }

  private static Preset preset(String name) {
    // mix in the order of Shape: MR, DEFAULT_PUSH, FEATURE_PUSH, HOTFIX, TAG, SCHEDULE, WEB, MONO
    return switch (name) {
      case "busy-day" ->
          new Preset(
              name, 40, new double[] {50.7, 13.9, 12.4, 1.5, 3.1, 15.5, 2.9, 0}, 0.9, false, 0.3);
      // the busy day with 30% more work: demand at the peak exceeds what the fleet absorbs
      case "heavy-day" ->
          new Preset(
              name,
              40,
              new double[] {50.7, 13.9, 12.4, 1.5, 3.1, 15.5, 2.9, 0},
              0.9,
              false,
              0.3,
              HEAVY);
      case "release-crunch" ->
          new Preset(name, 12, new double[] {20, 30, 0, 20, 25, 0, 5, 0}, 0.9, false, 0.3);
      case "nightly" ->
          new Preset(
              name, 40, new double[] {50.7, 13.9, 12.4, 1.5, 3.1, 0, 2.9, 0}, 0.3, true, 0.2);
      case "monorepo" -> new Preset(name, 3, new double[] {0, 0, 0, 0, 0, 0, 0, 1}, 0.9, false, 0);
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "'; known presets: " + String.join(", ", NAMES));
    };
  }

  private WorkloadPresets() {}

  public static Trace generate(String name, long seed) {
    return generate(name, seed, 1, 1, 1);
  }

  /**
   * @param scale multiplies the arrival rate (pair it with {@link Bundled#fleet(int)})
   * @param days how many consecutive days, from {@link #DAY}
   */
  public static Trace generate(String name, long seed, int scale, int days) {
    return generate(name, seed, scale, days, 1);
  }

  /**
   * @param scale multiplies the arrival rate (pair it with {@link Bundled#fleet(int)})
   * @param days how many consecutive days, from {@link #DAY}
   * @param load multiplies the arrival rate on the same fleet: 1.3 is 30% more work (above 0, at
   *     most {@link #MAX_LOAD})
   */
  public static Trace generate(String name, long seed, int scale, int days, double load) {
    if (!(load > 0 && load <= MAX_LOAD)) {
      throw new IllegalArgumentException(
          "load must be above 0 and at most " + MAX_LOAD + ", but was " + load);
    }
    var p = preset(name);
    double total = load * p.load();
    var durations = JobDurations.load();
    var projects = projects(p.projects());
    double meanWork = meanWork(p, durations, seed);
    double peakPerSecond = p.peakUtilization() * CALIBRATION_SLOTS * scale / meanWork;

    // The day's own arrivals come from one stream, and their pipelines from the same stream in
    // time order. What a load above 1 adds comes from another stream with the same burstiness per
    // slot, each added pipeline from a seed of its own: a heavier day is the same day with more
    // pipelines in it. A load below 1 thins the day's own arrivals.
    var rng = new SplittableRandom(seed);
    var more = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    var arrivals = new ArrayList<Arrival>();
    for (int d = 0; d < days; d++) {
      long dayMs = DAY.toEpochMilli() + d * 86_400_000L;
      for (int slot = 0; slot < 144; slot++) {
        double rate = peakPerSecond * WORKING_DAY[slot / 6] * gamma2(rng);
        long slotMs = dayMs + slot * 600_000L;
        int n = poisson(rng, rate * 600);
        for (int i = 0; i < n; i++) {
          boolean keep = total >= 1 || rng.nextDouble() < total;
          arrive(p, projects, slotMs, rng, null, keep ? arrivals : new ArrayList<>());
        }
        if (total > 1) {
          int extra = poisson(more, rate * 600 * (total - 1));
          for (int i = 0; i < extra; i++) {
            arrive(p, projects, slotMs, more, more, arrivals);
          }
        }
      }
      if (p.cronAtNight()) {
        for (String project : projects) {
          int k = 1 + rng.nextInt(2);
          for (int c = 0; c < k; c++) {
            long at = dayMs + rng.nextInt(8) * 1_800_000L;
            arrivals.add(new Arrival(at, Shape.SCHEDULE, project, null));
          }
        }
      }
    }
    // stable: pipelines arriving at the same millisecond keep the order they were drawn in
    arrivals.sort(Comparator.comparingLong(Arrival::atMs));
    var shapes = new PipelineShapes(durations, rng);
    var pipelines = new ArrayList<TracePipeline>(arrivals.size());
    long id = 1;
    for (var a : arrivals) {
      var own = a.chance();
      pipelines.add(
          shapes.make(
              a.shape(),
              id++,
              a.project(),
              Instant.ofEpochMilli(a.atMs()),
              own != null ? own : rng));
    }
    String source =
        "preset:"
            + name
            + (scale > 1 ? " scale " + scale : "")
            + (days > 1 ? " days " + days : "")
            + (load != 1 ? " load " + load : "");
    return new Trace(source, pipelines);
  }

  /**
   * One pipeline arriving at {@code atMs}; its content is drawn from {@code chance}, or from the
   * day's own stream in time order when null.
   */
  private record Arrival(
      long atMs, Shape shape, String project, @Nullable SplittableRandom chance) {}

  /**
   * One arrival in the slot starting at {@code slotMs}, drawn from {@code r}, and its follow-up, if
   * any; an added arrival gets a stream of its own, split from {@code split}.
   */
  private static void arrive(
      Preset p,
      List<String> projects,
      long slotMs,
      SplittableRandom r,
      @Nullable SplittableRandom split,
      List<Arrival> out) {
    long at = slotMs + r.nextLong(600_000);
    var shape = pick(p.mix(), r);
    String project = popular(projects, r);
    if (shape == Shape.SCHEDULE) {
      at -= at % 3_600_000;
    }
    out.add(new Arrival(at, shape, project, split == null ? null : split.split()));
    if (r.nextDouble() < p.followUp()) {
      long next = at + r.nextLong(120_000);
      out.add(new Arrival(next, shape, project, split == null ? null : split.split()));
    }
  }

  /** Mean job-seconds per pipeline of the preset's mix, estimated on 3,000 draws. */
  private static double meanWork(Preset p, JobDurations durations, long seed) {
    var rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    var shapes = new PipelineShapes(durations, rng);
    double sum = 0;
    int n = 3000;
    for (int i = 0; i < n; i++) {
      var tp = shapes.make(pick(p.mix(), rng), i + 1, "calibration/x", DAY);
      for (var j : tp.jobs()) {
        if (!j.when().equals("manual")) {
          sum += j.durationS();
        }
      }
    }
    return sum / n;
  }

  static List<String> projects(int n) {
    String[] groups = {"shop", "payments", "platform", "data", "mobile", "docs"};
    String[] names = {"web", "api", "cart", "search", "auth", "billing", "ledger"};
    var out = new ArrayList<String>(n);
    for (int i = 0; out.size() < n; i++) {
      out.add(
          groups[i % groups.length]
              + "/"
              + names[(i / groups.length) % names.length]
              + (i >= groups.length * names.length ? "-" + i : ""));
    }
    return out;
  }

  /** Project popularity falls off with rank (weight 1/rank^0.8): a few busy projects. */
  private static String popular(List<String> projects, SplittableRandom rng) {
    double total = 0;
    for (int i = 1; i <= projects.size(); i++) {
      total += Math.pow(i, -0.8);
    }
    double u = rng.nextDouble() * total;
    for (int i = 1; i <= projects.size(); i++) {
      u -= Math.pow(i, -0.8);
      if (u <= 0) {
        return projects.get(i - 1);
      }
    }
    return projects.get(projects.size() - 1);
  }

  private static Shape pick(double[] mix, SplittableRandom rng) {
    double total = 0;
    for (double m : mix) {
      total += m;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < mix.length; i++) {
      u -= mix[i];
      if (u < 0 && mix[i] > 0) {
        return SHAPES[i];
      }
    }
    for (int i = mix.length - 1; i >= 0; i--) {
      if (mix[i] > 0) {
        return SHAPES[i];
      }
    }
    throw new IllegalStateException("empty mix");
  }

  /** Gamma(shape 2, scale 0.5): mean 1, variance 0.5. */
  private static double gamma2(SplittableRandom rng) {
    return (-Math.log(1 - rng.nextDouble()) - Math.log(1 - rng.nextDouble())) / 2;
  }

  private static int poisson(SplittableRandom rng, double mean) {
    if (mean > 50) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = rng.nextDouble();
    while (p > l) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
        * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
