package dev.runneriq.core.priority;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Gives a pending job its priority: one factor line per signal, summed and clamped to 0–100, then a
 * tier. Pure and thread-safe; the patterns are compiled once, here.
 */
public final class Analyzer {
  /** Factor names: stable, as they appear in decisions. */
  public static final String REF = "ref";

  public static final String SOURCE = "source";
  public static final String JOB = "job";
  public static final String ENVIRONMENT = "environment";
  public static final String BOT = "bot";
  public static final String HISTORY = "history";
  public static final String CALIBRATION = "calibration";
  public static final String WAITING = "waiting";
  public static final String HINT = "hint";
  public static final String BOUNDS = "bounds";

  private final PriorityPolicy policy;
  private final Pattern releaseTag;
  private final Pattern hotfixBranch;
  private final Pattern releaseBranch;
  private final Pattern build;
  private final Pattern test;
  private final Pattern deploy;
  private final Pattern lintDocs;
  private final Pattern botUser;
  private final Hints hints;
  private final WaitingLines waitingLines;

  /** Answers per distinct stage and name, ref, user: the same for every job that shares them. */
  private static final int WORDS_KEPT = 4096;

  private final Memo<JobWords, Factor> jobFactors = new Memo<>(WORDS_KEPT, this::jobFactor);
  private final Memo<RefWords, Factor> refFactors = new Memo<>(WORDS_KEPT, this::refWordsFactor);
  private final Memo<String, Boolean> botUsers = new Memo<>(WORDS_KEPT, this::botUser);
  private final Memo<String, Factor> sourceFactors = new Memo<>(WORDS_KEPT, this::sourceFactor);
  private final Memo<Environment, Factor> environmentFactors =
      new Memo<>(WORDS_KEPT, this::environmentWordsFactor);

  private static final Pattern PRODUCTION = Pattern.compile("(prod|production|live)([-_/].*)?");
  private static final Pattern STAGING =
      Pattern.compile("(stag|staging|stage|model|pre|demo)([-_/].*)?");
  private static final Pattern TESTING =
      Pattern.compile("(test|testing|qa|acceptance|integration)([-_/].*)?");
  private static final Pattern DEVELOPMENT =
      Pattern.compile("(dev|development|review|trunk)([-_/].*)?");

  /** What the job factor reads of a job. */
  private record JobWords(String stage, String name) {}

  /** What the ref factor reads of a pipeline. */
  private record RefWords(String ref, String kind, boolean isProtected, boolean isDefault) {
    static RefWords of(Pipeline p) {
      return new RefWords(p.ref(), p.refKind(), p.protectedRef(), p.defaultBranch());
    }
  }

  public Analyzer(PriorityPolicy policy) {
    this.policy = policy;
    var ref = policy.ref();
    releaseTag = Pattern.compile(ref.releaseTagPattern());
    hotfixBranch = Pattern.compile(ref.hotfixBranchPattern());
    releaseBranch = Pattern.compile(ref.releaseBranchPattern());
    var job = policy.job();
    build = Pattern.compile(job.buildPattern());
    test = Pattern.compile(job.testPattern());
    deploy = Pattern.compile(job.deployPattern());
    lintDocs = Pattern.compile(job.lintDocsPattern());
    botUser = Pattern.compile(policy.botUserPattern());
    hints = new Hints(policy);
    waitingLines = new WaitingLines(policy, 4 * WORDS_KEPT);
  }

  public PriorityPolicy policy() {
    return policy;
  }

  /** The waiting-time lines this analyzer adds. */
  WaitingLines waitingLines() {
    return waitingLines;
  }

  /** The priority of {@code job} at {@code now}, waiting time included. */
  public Priority score(PendingJob job, Instant now) {
    return score(job, now, Calibration.NONE);
  }

  /** The same, with the calibration of the job's project as a factor line. */
  public Priority score(PendingJob job, Instant now, Calibration calibration) {
    return compute(job, pendingMillis(job, now), calibration);
  }

  /** How long {@code job} has been pending at {@code now}, in milliseconds. */
  static long pendingMillis(PendingJob job, Instant now) {
    // what Duration.between(since, now).toMillis() gives (whole milliseconds toward zero, an
    // ArithmeticException past a long), without a Duration for each job of each cycle
    var since = job.pendingSince();
    long seconds = Math.subtractExact(now.getEpochSecond(), since.getEpochSecond());
    long nanos = (long) now.getNano() - since.getNano();
    if (seconds > 0 && nanos < 0) {
      seconds--;
      nanos += 1_000_000_000L;
    } else if (seconds < 0 && nanos > 0) {
      seconds++;
      nanos -= 1_000_000_000L;
    }
    return Math.addExact(Math.multiplyExact(seconds, 1000), nanos / 1_000_000);
  }

  /** The priority of {@code job} as it becomes pending, without the waiting-time factor. */
  public Priority baseScore(PendingJob job) {
    return baseScore(job, Calibration.NONE);
  }

  /** The same, with the calibration of the job's project as a factor line. */
  public Priority baseScore(PendingJob job, Calibration calibration) {
    return compute(job, NOT_WAITING, calibration);
  }

  /**
   * The priority of {@code job} after {@code pendingMillis} of waiting ({@link #NOT_WAITING}: its
   * base score).
   */
  Priority compute(PendingJob job, long pendingMillis, Calibration calibration) {
    return scored(job, pendingMillis, calibration).priority();
  }

  /**
   * A priority and the sum of its lines before waiting time and bounds, what its waiting-time line
   * is worked out from (see {@link WaitingLines#line}).
   */
  record Scored(Priority priority, int before) {}

  /** {@link #compute}, with the sum its waiting-time line is worked out from. */
  Scored scored(PendingJob job, long pendingMillis, Calibration calibration) {
    var factors = new ArrayList<Factor>(8);
    var pipeline = job.pipeline();
    factors.add(refFactor(pipeline));
    factors.add(sourceFactors.get(pipeline.source()));
    factors.add(jobFactors.get(new JobWords(job.stage(), job.name())));
    var env = environmentFactor(job.environment());
    if (env != null) {
      factors.add(env);
    }
    if (isBot(pipeline)) {
      factors.add(
          new Factor(BOT, policy.botPoints(), "triggered by bot " + describeUser(pipeline)));
    }
    historyFactors(job.history(), factors);
    var adjustment = calibration.of(pipeline.project());
    if (adjustment != null && adjustment.points() != 0) {
      factors.add(
          new Factor(CALIBRATION, adjustment.points(), "calibration: " + adjustment.reason()));
    }

    var tiers = policy.tiers();
    int base = sum(factors);
    var hint = hints.factor(job, base);
    if (hint != null) {
      factors.add(hint);
    }
    int beforeAging = sum(factors);
    int raw = beforeAging;
    if (pendingMillis != NOT_WAITING) {
      var waiting = waitingLines.factor(pendingMillis, beforeAging);
      if (waiting != null) {
        factors.add(waiting);
        raw += waiting.points();
      }
    }
    int score = Math.max(0, Math.min(100, raw));
    if (score != raw) {
      factors.add(new Factor(BOUNDS, score - raw, "kept within 0–100"));
    }
    return new Scored(new Priority(score, tiers.of(score), listed(factors)), beforeAging);
  }

  /**
   * The lines as an immutable list that {@link Priority} keeps as it is: {@code List.of} with the
   * lines as its arguments holds the one array the call makes, where a list copied from another is
   * copied twice (a cycle scores tens of thousands of jobs afresh).
   */
  private static List<Factor> listed(List<Factor> f) {
    return switch (f.size()) {
      case 3 -> List.of(f.get(0), f.get(1), f.get(2));
      case 4 -> List.of(f.get(0), f.get(1), f.get(2), f.get(3));
      case 5 -> List.of(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4));
      case 6 -> List.of(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
      case 7 -> List.of(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6));
      default -> List.copyOf(f);
    };
  }

  /** Whether the pipeline runs on a branch the policy calls a hotfix branch. */
  public boolean hotfixBranch(Pipeline p) {
    return !Pipeline.TAG.equals(p.refKind())
        && !Pipeline.MERGE_REQUEST.equals(p.refKind())
        && hotfixBranch.matcher(p.ref()).matches();
  }

  /** Whether the job's {@code RUNNERIQ_PRIORITY} hint asks for the most a hint can give. */
  public boolean hintAtMaximum(PendingJob job) {
    return hints.atMaximum(job);
  }

  private Factor refFactor(Pipeline p) {
    return refFactors.get(RefWords.of(p));
  }

  private Factor refWordsFactor(RefWords p) {
    var points = policy.ref();
    String ref = p.ref();
    String kind = p.kind();
    if (Pipeline.TAG.equals(kind)) {
      return releaseTag.matcher(ref).matches()
          ? new Factor(REF, points.releaseTag(), "release tag " + ref)
          : new Factor(REF, points.tag(), "tag " + ref);
    }
    if (Pipeline.MERGE_REQUEST.equals(kind)) {
      return new Factor(REF, points.mergeRequest(), "merge request " + ref);
    }
    if (hotfixBranch.matcher(ref).matches()) {
      return new Factor(REF, points.hotfixBranch(), "hotfix branch " + ref);
    }
    if (releaseBranch.matcher(ref).matches()) {
      return new Factor(REF, points.releaseBranch(), "release branch " + ref);
    }
    if (p.isDefault()) {
      return p.isProtected()
          ? new Factor(REF, points.protectedDefaultBranch(), "protected default branch " + ref)
          : new Factor(REF, points.defaultBranch(), "default branch " + ref);
    }
    return p.isProtected()
        ? new Factor(REF, points.protectedBranch(), "protected branch " + ref)
        : new Factor(REF, points.featureBranch(), "feature branch " + ref);
  }

  private Factor sourceFactor(String source) {
    Integer points = policy.sourcePoints().get(source);
    String detail = "pipeline source " + source;
    return new Factor(SOURCE, points != null ? points : policy.otherSourcePoints(), detail);
  }

  private Factor jobFactor(JobWords job) {
    var points = policy.job();
    if (lintDocs.matcher(job.name()).matches()) {
      return new Factor(JOB, points.lintDocs(), "lint or docs job");
    }
    for (String text : List.of(job.stage(), job.name())) {
      if (deploy.matcher(text).matches()) {
        return new Factor(JOB, points.deploy(), "deploy stage");
      }
      if (build.matcher(text).matches()) {
        return new Factor(JOB, points.build(), "build stage");
      }
      if (test.matcher(text).matches()) {
        return new Factor(JOB, points.test(), "test stage");
      }
    }
    return new Factor(JOB, points.other(), "stage " + job.stage());
  }

  private @Nullable Factor environmentFactor(@Nullable Environment env) {
    return env == null ? null : environmentFactors.get(env);
  }

  private Factor environmentWordsFactor(Environment env) {
    String tier = deploymentTier(env);
    Integer points = policy.environmentPoints().get(tier);
    return new Factor(
        ENVIRONMENT, points != null ? points : 0, "deploys to " + tierWords(tier, env.name()));
  }

  /**
   * GitLab's deployment tier: the declared one, else inferred from the environment name the way
   * GitLab does (production/prod, staging/stage, test/qa, dev/review, other).
   */
  public static String deploymentTier(Environment env) {
    if (env.tier() != null && !env.tier().isBlank()) {
      return env.tier().toLowerCase(Locale.ROOT);
    }
    String name = env.name().toLowerCase(Locale.ROOT);
    if (PRODUCTION.matcher(name).matches()) {
      return "production";
    }
    if (STAGING.matcher(name).matches()) {
      return "staging";
    }
    if (TESTING.matcher(name).matches()) {
      return "testing";
    }
    if (DEVELOPMENT.matcher(name).matches()) {
      return "development";
    }
    return "other";
  }

  private static String tierWords(String tier, String name) {
    return tier.equals(name.toLowerCase(Locale.ROOT)) ? tier : name + " (" + tier + ")";
  }

  private boolean isBot(Pipeline p) {
    String user = p.user();
    return p.userIsBot() || (user != null && botUsers.get(user));
  }

  private boolean botUser(String user) {
    return botUser.matcher(user).matches();
  }

  private static String describeUser(Pipeline p) {
    return p.user() != null ? p.user() : "(unnamed)";
  }

  private void historyFactors(@Nullable JobHistory history, List<Factor> out) {
    var rules = policy.history();
    if (history == null || history.runs() < rules.minRuns()) {
      return;
    }
    if (history.failureRate() >= rules.flakyFailureRate() && rules.flaky() != 0) {
      out.add(
          new Factor(
              HISTORY,
              rules.flaky(),
              String.format(
                  Locale.ROOT,
                  "fails often (%.0f%% of %d runs)",
                  history.failureRate() * 100,
                  history.runs())));
    }
    if (history.durationP50S() <= rules.shortJobS() && rules.shortJob() != 0) {
      out.add(
          new Factor(
              HISTORY,
              rules.shortJob(),
              "short job (typically " + Durations.words(history.durationP50S()) + ")"));
    }
  }

  /** {@link #compute}'s waiting time for a base score: none. */
  private static final long NOT_WAITING = Long.MIN_VALUE;

  /**
   * The sum of a base priority's factor lines before it was kept within 0–100: the input of {@link
   * #agedScore}.
   */
  public static int unclamped(Priority base) {
    int s = 0;
    for (var f : base.factors()) {
      if (!f.factor().equals(BOUNDS)) {
        s += f.points();
      }
    }
    return s;
  }

  /**
   * The score {@link #score} gives a job whose {@link #baseScore} sums to {@code unclampedBase}
   * (see {@link #unclamped}) after {@code pendingMillis} of waiting, without building its factor
   * lines: for simulators that rank many jobs many times.
   */
  public int agedScore(int unclampedBase, long pendingMillis) {
    int raw = unclampedBase + waitingLines.points(pendingMillis, unclampedBase);
    return Math.max(0, Math.min(100, raw));
  }

  private static int sum(List<Factor> factors) {
    int s = 0;
    for (var f : factors) {
      s += f.points();
    }
    return s;
  }
}
