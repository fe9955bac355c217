package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
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
      new Simple("offline") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          return runner.online();
        }

        @Override
        public boolean constrains(Runner runner) {
          return !runner.online();
        }

        @Override
        public Object jobKey(PendingJob job) {
          return ANY_JOB;
        }
      };

  /** Rejects paused runners: GitLab hands them no new jobs. */
  public static final Filter NOT_PAUSED =
      new Simple("paused") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          return !runner.paused();
        }

        @Override
        public boolean constrains(Runner runner) {
          return runner.paused();
        }

        @Override
        public Object jobKey(PendingJob job) {
          return ANY_JOB;
        }
      };

  /** Rejects runners lacking any tag the job requires (GitLab's own rule). */
  public static final Filter TAGS =
      new Simple("missing required tags") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          var have = runner.tagList();
          var need = job.tagList();
          for (int t = 0; t < need.size(); t++) {
            if (!have.contains(need.get(t))) {
              return false;
            }
          }
          return true;
        }

        @Override
        public Object jobKey(PendingJob job) {
          return job.tagList();
        }

        @Override
        public String detail(PendingJob job, Runner runner) {
          var missing = new TreeSet<>(job.tagList());
          runner.tagList().forEach(missing::remove);
          return missing.toString();
        }
      };

  /** Rejects runners that do not run untagged jobs, for a job without tags. */
  public static final Filter UNTAGGED =
      new Simple("does not run untagged jobs") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          return !job.tagList().isEmpty() || runner.runUntagged();
        }

        @Override
        public boolean constrains(Runner runner) {
          return !runner.runUntagged();
        }

        @Override
        public Object jobKey(PendingJob job) {
          return job.tagList().isEmpty();
        }
      };

  /** Rejects {@code ref_protected} runners for jobs of unprotected refs. */
  public static final Filter PROTECTED_REF =
      new Simple("protected refs only") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          return !runner.refProtectedOnly() || job.pipeline().protectedRef();
        }

        @Override
        public boolean constrains(Runner runner) {
          return runner.refProtectedOnly();
        }

        @Override
        public Object jobKey(PendingJob job) {
          return job.pipeline().protectedRef();
        }
      };

  /**
   * Rejects project runners not assigned to the job's project, and group runners whose groups do
   * not contain it (subgroups included). Instance runners, and runner types GitLab may add later,
   * take any project.
   */
  public static final Filter OWNERSHIP =
      new Simple("not available to the project") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          String project = job.project();
          return switch (runner.runnerType()) {
            case Runner.PROJECT_TYPE -> runner.projects().contains(project);
            case Runner.GROUP_TYPE -> inAnyGroup(project, runner.groups());
            default -> true;
          };
        }

        @Override
        public boolean constrains(Runner runner) {
          return runner.runnerType().equals(Runner.PROJECT_TYPE)
              || runner.runnerType().equals(Runner.GROUP_TYPE);
        }

        @Override
        public Object jobKey(PendingJob job) {
          return job.project();
        }

        @Override
        public String detail(PendingJob job, Runner runner) {
          return job.project();
        }
      };

  /**
   * Rejects runners whose maximum job timeout is shorter than the job needs: its own timeout would
   * be cut, or its typical run on this runner (history, adjusted for the runner's speed) would not
   * fit.
   */
  public static final Filter MAXIMUM_TIMEOUT =
      new Simple("maximum timeout too short") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          Long max = runner.maximumTimeoutS();
          return max == null || needed(job, runner) <= max;
        }

        @Override
        public boolean constrains(Runner runner) {
          return runner.maximumTimeoutS() != null;
        }

        @Override
        public String detail(PendingJob job, Runner runner) {
          return "needs "
              + Math.round(needed(job, runner))
              + "s, allows "
              + runner.maximumTimeoutS()
              + "s";
        }

        @Override
        public Object jobKey(PendingJob job) {
          double typical = typicalS(job);
          long timeout = timeoutS(job);
          return typical == 0 && timeout == 0 ? NO_TIMEOUT : new TimeoutKey(typical, timeout);
        }

        private double needed(PendingJob job, Runner runner) {
          return Math.max(typicalS(job) / runner.speed(), timeoutS(job));
        }

        private static double typicalS(PendingJob job) {
          var history = job.history();
          return history == null || history.runs() == 0 ? 0 : history.durationP50S();
        }

        private static long timeoutS(PendingJob job) {
          Long timeout = job.timeoutS();
          return timeout == null ? 0 : timeout;
        }
      };

  /** Rejects runners with every slot busy: "not now" rather than "never". */
  public static final Filter FREE_SLOT =
      new Simple("at capacity") {
        @Override
        public boolean accepts(PendingJob job, Runner runner) {
          return runner.running() < runner.concurrency();
        }

        @Override
        public Object jobKey(PendingJob job) {
          return ANY_JOB;
        }

        @Override
        public boolean transientRejection() {
          return true;
        }
      };

  public static final List<Filter> DEFAULT =
      List.of(
          ONLINE, NOT_PAUSED, OWNERSHIP, PROTECTED_REF, UNTAGGED, TAGS, MAXIMUM_TIMEOUT, FREE_SLOT);

  /** Every reason the engine's filters can give (the reservation's too), for metric labels. */
  public static List<String> reasons() {
    var out = new ArrayList<String>();
    DEFAULT.forEach(f -> out.add(f.reason()));
    out.add(Reservation.REASON);
    return out;
  }

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

  /** The job key of filters that look at the runner only. */
  private static final Object ANY_JOB = "any job";

  /** What the maximum-timeout filter reads of a job. */
  private record TimeoutKey(double typicalS, long timeoutS) {}

  /** The key of a job without a timeout or history, the most common kind. */
  private static final TimeoutKey NO_TIMEOUT = new TimeoutKey(0, 0);

  private abstract static class Simple implements Filter {
    private final String reason;

    Simple(String reason) {
      this.reason = reason;
    }

    @Override
    public final String reason() {
      return reason;
    }

    @Override
    public String toString() {
      return reason;
    }
  }
}
