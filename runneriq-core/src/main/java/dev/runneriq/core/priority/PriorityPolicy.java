package dev.runneriq.core.priority;

import dev.runneriq.core.model.Tier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every point value, pattern and threshold of the Analyzer, in one table. {@link #DEFAULT} is the
 * shipped policy; {@code runneriq.yaml} overrides any part of it under {@code priority:}.
 *
 * @param ref points for where the pipeline runs from
 * @param sourcePoints points per GitLab pipeline source; sources not listed get {@code
 *     otherSourcePoints}
 * @param job points for what the job does (stage kind, lint and docs jobs)
 * @param environmentPoints points per deployment tier of the job's environment
 * @param botPoints points when a bot triggered the pipeline (negative)
 * @param history points from earlier runs of the same job
 * @param aging points for time pending
 * @param hint the {@code RUNNERIQ_PRIORITY} variable hint
 * @param tiers the score thresholds of the tiers
 */
public record PriorityPolicy(
    RefPoints ref,
    Map<String, Integer> sourcePoints,
    int otherSourcePoints,
    JobPoints job,
    Map<String, Integer> environmentPoints,
    int botPoints,
    String botUserPattern,
    HistoryPoints history,
    Aging aging,
    Hint hint,
    Tiers tiers) {

  public PriorityPolicy {
    sourcePoints = Map.copyOf(sourcePoints);
    environmentPoints = Map.copyOf(environmentPoints);
    compile(botUserPattern, "priority.bot_user_pattern");
    if (aging.ceiling() >= tiers.critical()) {
      throw new IllegalArgumentException(
          "aging ceiling must be below the CRITICAL threshold "
              + tiers.critical()
              + ", so that waiting alone never makes a job CRITICAL, but was "
              + aging.ceiling()
              + " (priority.aging.ceiling)");
    }
  }

  /** Points for the pipeline's ref. Patterns are Java regular expressions matched whole. */
  public record RefPoints(
      int protectedDefaultBranch,
      int defaultBranch,
      int protectedBranch,
      int featureBranch,
      int mergeRequest,
      int tag,
      int releaseTag,
      String releaseTagPattern,
      int hotfixBranch,
      String hotfixBranchPattern,
      int releaseBranch,
      String releaseBranchPattern) {
    public RefPoints {
      compile(releaseTagPattern, "priority.ref.release_tag_pattern");
      compile(hotfixBranchPattern, "priority.ref.hotfix_branch_pattern");
      compile(releaseBranchPattern, "priority.ref.release_branch_pattern");
    }
  }

  /**
   * Points for what the job does. A job whose name matches {@code lintDocsPattern} is a lint or
   * docs job whatever its stage; otherwise its stage name (then its job name) decides the kind.
   */
  public record JobPoints(
      int build,
      String buildPattern,
      int test,
      String testPattern,
      int deploy,
      String deployPattern,
      int lintDocs,
      String lintDocsPattern,
      int other) {
    public JobPoints {
      compile(buildPattern, "priority.job.build_pattern");
      compile(testPattern, "priority.job.test_pattern");
      compile(deployPattern, "priority.job.deploy_pattern");
      compile(lintDocsPattern, "priority.job.lint_docs_pattern");
    }
  }

  /**
   * Points from a job's history, given at least {@code minRuns} earlier runs: a penalty when it
   * fails often, a bonus when it is short (short jobs first lowers everyone's mean wait).
   */
  public record HistoryPoints(
      int minRuns, double flakyFailureRate, int flaky, double shortJobS, int shortJob) {
    public HistoryPoints {
      between(flakyFailureRate, 0, 1, "priority.history.flaky_failure_rate");
      if (minRuns < 0) {
        throw new IllegalArgumentException(
            "min runs must not be negative, but was " + minRuns + " (priority.history.min_runs)");
      }
    }
  }

  /**
   * Aging: a pending job rises toward one common {@code ceiling} below the CRITICAL threshold,
   * reaching it after {@code minutesToCeiling} minutes whatever it started from (a LOW job climbs
   * faster than a HIGH one, in proportion to the distance). From then on it outranks every job that
   * is not CRITICAL and has waited less, so under sustained overload the aged backlog runs in
   * arrival order and nothing starves: a job waits at most {@code minutesToCeiling} plus the time
   * the runners it can use need for the CRITICAL jobs and older aged jobs ahead of it. A CRITICAL
   * job rises the same way toward 100, so CRITICAL jobs too run oldest first once aged.
   */
  public record Aging(double minutesToCeiling, int ceiling) {
    public Aging {
      if (!(minutesToCeiling > 0 && minutesToCeiling <= 7 * 24 * 60)) {
        throw new IllegalArgumentException(
            "minutes to the aging ceiling must be above 0 and at most 10080 (a week), but was "
                + minutesToCeiling
                + " (priority.aging.minutes_to_ceiling)");
      }
      if (ceiling < 0 || ceiling > 100) {
        throw new IllegalArgumentException(
            "aging ceiling must be between 0 and 100, but was "
                + ceiling
                + " (priority.aging.ceiling)");
      }
    }

    /**
     * The points a job whose other factors sum to {@code before} has gained after {@code
     * pendingMillis}: the share of {@code minutesToCeiling} waited, of its distance to {@code
     * target} (the ceiling, or 100 for a CRITICAL job), in whole points.
     */
    public int points(long pendingMillis, int before, int target) {
      if (before >= target) {
        return 0;
      }
      double share = Math.min(1, Math.max(0, pendingMillis) / 60_000.0 / minutesToCeiling);
      return (int) Math.floor((target - (long) before) * share);
    }
  }

  /**
   * The {@code RUNNERIQ_PRIORITY} variable: {@code critical} and {@code high} add {@code cap},
   * {@code medium} adds nothing, {@code low} subtracts {@code cap}; a number 0–100 maps linearly
   * onto −cap…+cap around 50. A hint never makes a job CRITICAL by itself.
   */
  public record Hint(String variable, int cap) {
    public Hint {
      if (cap < 0 || cap > 50) {
        throw new IllegalArgumentException(
            "hint cap must be between 0 and 50, but was " + cap + " (priority.hint.cap)");
      }
    }
  }

  /** Minimum scores of CRITICAL, HIGH and MEDIUM; anything below MEDIUM is LOW. */
  public record Tiers(int critical, int high, int medium) {
    public Tiers {
      if (!(0 < medium && medium < high && high < critical && critical <= 100)) {
        throw new IllegalArgumentException(
            "tier thresholds must satisfy 0 < medium < high < critical <= 100, but were "
                + medium
                + " < "
                + high
                + " < "
                + critical
                + " (priority.tiers)");
      }
    }

    public Tier of(int score) {
      if (score >= critical) {
        return Tier.CRITICAL;
      }
      if (score >= high) {
        return Tier.HIGH;
      }
      return score >= medium ? Tier.MEDIUM : Tier.LOW;
    }
  }

  public static final PriorityPolicy DEFAULT =
      new PriorityPolicy(
          new RefPoints(
              35,
              15,
              20,
              0,
              15,
              25,
              50,
              "v?\\d+\\.\\d+(\\.\\d+)*([-+][0-9A-Za-z.-]+)?",
              50,
              "hotfix/.+",
              40,
              "release/.+"),
          defaultSourcePoints(),
          5,
          new JobPoints(
              20,
              "(?i)(build|compile|package|assemble|bundle).*",
              20,
              "(?i)(test|tests|unit|verify|check|qa|e2e|integration|spec).*",
              5,
              "(?i)(deploy|release|publish|rollout|promote).*",
              0,
              // "doc" only as a word end, so docker-build stays a build job
              "(?i).*(lint|format|fmt|style|checkstyle|spell|(docs?|documentation)(?![a-z])|pages"
                  + "|markdown).*",
              5),
          Map.of("production", 40, "staging", 15, "testing", 5, "development", 0, "other", 0),
          -10,
          "(?i).*(\\[bot\\]|[-_.]bot|^bot[-_.]|renovate|dependabot).*",
          new HistoryPoints(5, 0.25, -5, 120, 3),
          new Aging(20, 79),
          new Hint("RUNNERIQ_PRIORITY", 10),
          new Tiers(80, 60, 35));

  private static Map<String, Integer> defaultSourcePoints() {
    var m = new LinkedHashMap<String, Integer>();
    m.put("push", 10);
    m.put("web", 10);
    m.put("api", 10);
    m.put("trigger", 10);
    m.put("pipeline", 10);
    m.put("parent_pipeline", 10);
    m.put("chat", 10);
    m.put("merge_request_event", 5);
    m.put("external_pull_request_event", 5);
    // Enough that every scheduled job but a production deploy stays LOW, even on a release branch
    m.put("schedule", -30);
    return m;
  }

  static Pattern compile(String regex, String key) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid regular expression: " + regex + " (" + key + "): " + e.getDescription(), e);
    }
  }

  private static void between(double v, double lo, double hi, String key) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(
          "value must be between " + lo + " and " + hi + ", but was " + v + " (" + key + ")");
    }
  }
}
