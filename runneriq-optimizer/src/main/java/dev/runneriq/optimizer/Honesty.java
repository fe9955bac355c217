package dev.runneriq.optimizer;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Analyzer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps priorities honest. Every pending job is seen once, and per project (with decay) it counts
 * what its jobs claim, next to what every other project's claim:
 *
 * <ul>
 *   <li>{@code hotfix}: pipelines on branches the policy calls hotfix branches;
 *   <li>{@code urgent}: jobs scored HIGH or CRITICAL (as they became pending, without calibration);
 *   <li>{@code production_without_deploy}: jobs that name a production environment but are not in a
 *       deploy or release stage and not named so;
 *   <li>{@code hint_at_maximum}: jobs whose {@code RUNNERIQ_PRIORITY} asks for the most a hint
 *       gives.
 * </ul>
 *
 * <p>A claim stands out when the project has been seen long enough ({@link
 * HonestyConfig#minPipelines}), at least {@link HonestyConfig#minShare} of its pipelines or jobs
 * make it, and that is at least {@link HonestyConfig#ratio} times the other projects' share. The
 * project is then damped by up to {@link HonestyConfig#maxPoints}, in proportion to how far its
 * share exceeds the others' (the full amount at 50 points of share or more), with the reason in
 * words; the strongest claim sets it. An operator's override replaces what was found. Thread-safe.
 */
public final class Honesty {
  public static final String HOTFIX = "hotfix";
  public static final String URGENT = "urgent";
  public static final String PRODUCTION_WITHOUT_DEPLOY = "production_without_deploy";
  public static final String HINT_AT_MAXIMUM = "hint_at_maximum";

  /**
   * The signals, the most specific first: when two stand out as much, the flag names the first
   * (jobs that claim production or the maximum hint also score HIGH or CRITICAL).
   */
  private static final List<String> SIGNALS =
      List.of(HINT_AT_MAXIMUM, PRODUCTION_WITHOUT_DEPLOY, HOTFIX, URGENT);

  private static final int HINT = 0;
  private static final int PRODUCTION = 1;
  private static final int HOTFIXES = 2;
  private static final int URGENT_JOBS = 3;

  /** Jobs and pipelines remembered as seen, against counting one twice. */
  private static final int SEEN = 200_000;

  /** A flagged project: the claim that stands out most, and what it costs the project. */
  public record Flag(
      String project,
      String signal,
      double share,
      double othersShare,
      long seen,
      int points,
      String reason,
      boolean overridden) {}

  private final HonestyConfig config;
  private final Analyzer analyzer;
  private final Map<String, Counts> projects = new HashMap<>();
  private final Map<Long, Boolean> seenJobs = bounded();
  private final Map<Long, Boolean> seenPipelines = bounded();

  public Honesty(HonestyConfig config, Analyzer analyzer) {
    this.config = config;
    this.analyzer = analyzer;
  }

  public HonestyConfig config() {
    return config;
  }

  /** A pending job, counted once however often it is shown. */
  public void observe(PendingJob job, Instant at) {
    boolean seen;
    synchronized (this) {
      seen = seenJobs.containsKey(job.id());
    }
    if (!seen) { // scored only the first time: the service shows every pending job every cycle
      observe(job, analyzer.baseScore(job).tier(), at);
    }
  }

  /**
   * The same, with the tier the analyzer gave the job as it became pending (without calibration),
   * when the caller has it.
   */
  public synchronized void observe(PendingJob job, Tier baseTier, Instant at) {
    if (seenJobs.put(job.id(), Boolean.TRUE) != null) {
      return;
    }
    var pipeline = job.pipeline();
    var c = projects.computeIfAbsent(pipeline.project(), p -> new Counts());
    c.decayTo(at.toEpochMilli(), config);
    if (seenPipelines.put(pipeline.id(), Boolean.TRUE) == null) {
      c.pipelines++;
      c.pipelinesSeen++;
      if (analyzer.hotfixBranch(pipeline)) {
        c.claims[HOTFIXES]++;
      }
    }
    c.jobs++;
    if (baseTier == Tier.CRITICAL || baseTier == Tier.HIGH) {
      c.claims[URGENT_JOBS]++;
    }
    var env = job.environment();
    if (env != null
        && "production".equals(Analyzer.deploymentTier(env))
        && !deploys(job.stage())
        && !deploys(job.name())) {
      c.claims[PRODUCTION]++;
    }
    if (analyzer.hintAtMaximum(job)) {
      c.claims[HINT]++;
    }
  }

  /** Every project whose claims stand out, or that the config sets, most damped first. */
  public synchronized List<Flag> flags(Instant now) {
    long at = now.toEpochMilli();
    double[] totalClaims = new double[SIGNALS.size()];
    double totalPipelines = 0;
    double totalJobs = 0;
    for (var c : projects.values()) {
      double d = c.factor(at, config);
      totalPipelines += c.pipelines * d;
      totalJobs += c.jobs * d;
      for (int s = 0; s < totalClaims.length; s++) {
        totalClaims[s] += c.claims[s] * d;
      }
    }
    var out = new ArrayList<Flag>();
    for (var e : projects.entrySet()) {
      String project = e.getKey();
      var c = e.getValue();
      double d = c.factor(at, config);
      Flag best = null;
      for (int s = 0; s < SIGNALS.size(); s++) {
        boolean perPipeline = s == HOTFIXES;
        double own = perPipeline ? c.pipelines * d : c.jobs * d;
        double others = perPipeline ? totalPipelines - own : totalJobs - own;
        if (c.pipelinesSeen < config.minPipelines() || own <= 0) {
          continue;
        }
        double share = c.claims[s] * d / own;
        double othersShare = others > 0 ? (totalClaims[s] - c.claims[s] * d) / others : 0;
        if (share < config.minShare() || share < config.ratio() * othersShare) {
          continue;
        }
        int points =
            -(int) Math.round(config.maxPoints() * Math.min(1, (share - othersShare) / 0.5));
        if (best == null || points < best.points()) {
          best =
              new Flag(
                  project,
                  SIGNALS.get(s),
                  share,
                  othersShare,
                  Math.round(own),
                  points,
                  reason(SIGNALS.get(s), share, othersShare),
                  false);
        }
      }
      Integer set = config.overrides().get(project);
      if (set != null) {
        out.add(
            new Flag(
                project,
                best == null ? "override" : best.signal(),
                best == null ? 0 : best.share(),
                best == null ? 0 : best.othersShare(),
                best == null ? Math.round(c.jobs * d) : best.seen(),
                set,
                "set in the config (optimizer.calibration." + project + ")",
                true));
      } else if (best != null && best.points() < 0) {
        out.add(best);
      }
    }
    config
        .overrides()
        .forEach(
            (project, points) -> {
              if (!projects.containsKey(project)) {
                out.add(
                    new Flag(
                        project,
                        "override",
                        0,
                        0,
                        0,
                        points,
                        "set in the config (optimizer.calibration." + project + ")",
                        true));
              }
            });
    out.sort(Comparator.comparingInt(Flag::points).thenComparing(Flag::project));
    return out;
  }

  /** The calibration the flags make: each flagged project's points and reason. */
  public Calibration calibration(Instant now) {
    var m = new LinkedHashMap<String, Calibration.Adjustment>();
    for (var f : flags(now)) {
      if (f.points() != 0) {
        m.put(f.project(), new Calibration.Adjustment(f.points(), f.reason()));
      }
    }
    return new Calibration(m);
  }

  static String reason(String signal, double share, double othersShare) {
    String what =
        switch (signal) {
          case HOTFIX -> "of this project's pipelines run on hotfix branches";
          case URGENT -> "of this project's jobs score HIGH or CRITICAL";
          case PRODUCTION_WITHOUT_DEPLOY ->
              "of this project's jobs name a production environment without deploying";
          case HINT_AT_MAXIMUM -> "of this project's jobs pin RUNNERIQ_PRIORITY at its maximum";
          default -> throw new IllegalArgumentException("no such signal: " + signal);
        };
    return String.format(
        Locale.ROOT,
        "%.0f%% %s against %.0f%% across the other projects",
        share * 100,
        what,
        othersShare * 100);
  }

  /** A stage or job name that deploys or releases. */
  static boolean deploys(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("deploy")
        || n.contains("release")
        || n.contains("publish")
        || n.contains("rollout")
        || n.contains("promote");
  }

  private static Map<Long, Boolean> bounded() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > SEEN;
      }
    };
  }

  /** One project's decayed counts as of {@code asOf}. */
  private static final class Counts {
    long asOf = Long.MIN_VALUE;
    long pipelinesSeen;
    double pipelines;
    double jobs;
    final double[] claims = new double[SIGNALS.size()];

    void decayTo(long at, HonestyConfig config) {
      if (asOf != Long.MIN_VALUE && at > asOf) {
        double f = factorBetween(asOf, at, config);
        pipelines *= f;
        jobs *= f;
        for (int i = 0; i < claims.length; i++) {
          claims[i] *= f;
        }
      }
      asOf = Math.max(asOf, at);
    }

    double factor(long at, HonestyConfig config) {
      return asOf == Long.MIN_VALUE || at <= asOf ? 1 : factorBetween(asOf, at, config);
    }

    private static double factorBetween(long from, long to, HonestyConfig config) {
      return Math.pow(0.5, (to - from) / (double) config.halfLife().toMillis());
    }
  }
}
