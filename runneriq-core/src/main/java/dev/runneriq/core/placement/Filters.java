package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.List;
import java.util.TreeSet;

/**
 * GitLab's own matching rules as filters ({@code docs/formats/fleet.md}), plus the runner's maximum
 * timeout and a free slot. {@link #DEFAULT} lists them in the order they are checked: the first
 * that rejects a runner names the reason, so the cheap, permanent ones come first.
 */
public final class Filters {
  private Filters() {}

  /** Rejects runners GitLab shows as offline (not contacted recently). */
  public static final Filter ONLINE =
      new Rule(Reason.OFFLINE, JobSignature.NONE) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          return runner.online() ? Verdict.ACCEPT : rejected;
        }

        @Override
        public boolean canReject(Runner runner) {
          return !runner.online();
        }
      };

  /** Rejects paused runners: GitLab hands them no new jobs. */
  public static final Filter NOT_PAUSED =
      new Rule(Reason.PAUSED, JobSignature.NONE) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          return runner.paused() ? rejected : Verdict.ACCEPT;
        }

        @Override
        public boolean canReject(Runner runner) {
          return runner.paused();
        }
      };

  /** Rejects runners lacking any tag the job requires (GitLab's own rule). */
  public static final Filter TAGS =
      new Rule(Reason.MISSING_REQUIRED_TAGS, JobSignature.of(JobFacet.TAGS), Filters::missing) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          var have = runner.tagList();
          var need = job.tagList();
          for (int t = 0; t < need.size(); t++) {
            if (!have.contains(need.get(t))) {
              return rejected;
            }
          }
          return Verdict.ACCEPT;
        }
      };

  /** Rejects runners that do not run untagged jobs, for a job without tags. */
  public static final Filter UNTAGGED =
      new Rule(Reason.DOES_NOT_RUN_UNTAGGED_JOBS, JobSignature.of(JobFacet.TAGS)) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          return job.tagList().isEmpty() && !runner.runUntagged() ? rejected : Verdict.ACCEPT;
        }

        @Override
        public boolean canReject(Runner runner) {
          return !runner.runUntagged();
        }
      };

  /** Rejects {@code ref_protected} runners for jobs of unprotected refs. */
  public static final Filter PROTECTED_REF =
      new Rule(Reason.PROTECTED_REFS_ONLY, JobSignature.of(JobFacet.PROTECTED_REF)) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          return runner.refProtectedOnly() && !job.pipeline().protectedRef()
              ? rejected
              : Verdict.ACCEPT;
        }

        @Override
        public boolean canReject(Runner runner) {
          return runner.refProtectedOnly();
        }
      };

  /**
   * Rejects project runners not assigned to the job's project, and group runners whose groups do
   * not contain it (subgroups included). Instance runners, and runner types GitLab may add later,
   * take any project.
   */
  public static final Filter OWNERSHIP =
      new Rule(
          Reason.NOT_AVAILABLE_TO_THE_PROJECT,
          JobSignature.of(JobFacet.PROJECT),
          (job, runner) -> job.project()) {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          String project = job.project();
          boolean available =
              switch (runner.runnerType()) {
                case Runner.PROJECT_TYPE -> runner.projects().contains(project);
                case Runner.GROUP_TYPE -> inAnyGroup(project, runner.groups());
                default -> true;
              };
          return available ? Verdict.ACCEPT : rejected;
        }

        @Override
        public boolean canReject(Runner runner) {
          return runner.runnerType().equals(Runner.PROJECT_TYPE)
              || runner.runnerType().equals(Runner.GROUP_TYPE);
        }
      };

  /**
   * Rejects runners whose maximum job timeout is shorter than the job needs: its own timeout would
   * be cut, or its typical run on this runner (history, adjusted for the runner's speed) would not
   * fit.
   */
  public static final Filter MAXIMUM_TIMEOUT =
      new Rule(
          Reason.MAXIMUM_TIMEOUT_TOO_SHORT,
          JobSignature.of(JobFacet.RUN_TIME),
          (job, runner) ->
              "needs "
                  + Math.round(needed(job, runner))
                  + "s, allows "
                  + runner.maximumTimeoutS()
                  + "s") {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          Long max = runner.maximumTimeoutS();
          return max == null || needed(job, runner) <= max ? Verdict.ACCEPT : rejected;
        }

        @Override
        public boolean canReject(Runner runner) {
          return runner.maximumTimeoutS() != null;
        }
      };

  /** Rejects runners with every slot busy: "not now" rather than "never". */
  public static final Filter FREE_SLOT = new FreeSlot();

  public static final List<Filter> DEFAULT =
      List.of(
          ONLINE, NOT_PAUSED, OWNERSHIP, PROTECTED_REF, UNTAGGED, TAGS, MAXIMUM_TIMEOUT, FREE_SLOT);

  static boolean inAnyGroup(String project, List<String> groups) {
    for (String g : groups) {
      if (project.length() > g.length()
          && project.startsWith(g)
          && project.charAt(g.length()) == '/') {
        return true;
      }
    }
    return false;
  }

  /** The missing tags, sorted: {@code [cuda, gpu]}. */
  private static String missing(PendingJob job, Runner runner) {
    var missing = new TreeSet<>(job.tagList());
    runner.tagList().forEach(missing::remove);
    return missing.toString();
  }

  /** The seconds a job needs on a runner: its timeout, or its typical run at the runner's speed. */
  private static double needed(PendingJob job, Runner runner) {
    // RunTime's figures, read without making one: this runs on every runner a new run time meets
    Long timeout = job.timeoutS();
    return Math.max(
        JobFacet.RunTime.typicalS(job) / runner.speed(), timeout == null ? 0.0 : (double) timeout);
  }

  /** One of GitLab's matching rules: it reads the runner's state, never its load. */
  private abstract static class Rule implements Filter, Signed {
    private final JobSignature signature;

    /** This filter's one rejection. */
    final Verdict.Rejected rejected;

    Rule(Reason reason, JobSignature signature) {
      this.signature = signature;
      this.rejected = Verdict.reject(reason);
    }

    Rule(Reason reason, JobSignature signature, Verdict.Detail detail) {
      this.signature = signature;
      this.rejected = Verdict.reject(reason, detail);
    }

    @Override
    public final JobSignature signature() {
      return signature;
    }

    @Override
    public final boolean readsLoad() {
      return false;
    }

    @Override
    public String toString() {
      return rejected.reason().text();
    }
  }

  /** A free slot: it reads the runner's load, so the pipeline checks it on every placement. */
  private static final class FreeSlot implements Filter, Signed {
    private static final Verdict FULL = Verdict.reject(Reason.AT_CAPACITY);

    @Override
    public Verdict check(PendingJob job, Runner runner) {
      return runner.running() < runner.concurrency() ? Verdict.ACCEPT : FULL;
    }

    @Override
    public JobSignature signature() {
      return JobSignature.NONE;
    }

    @Override
    public boolean readsLoad() {
      return true;
    }

    @Override
    public String toString() {
      return Reason.AT_CAPACITY.text();
    }
  }
}
