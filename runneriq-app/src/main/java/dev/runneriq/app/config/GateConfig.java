package dev.runneriq.app.config;

import dev.runneriq.core.gate.PreemptRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code gate} section: what gate mode may do in GitLab. It plays only {@code scheduled} jobs
 * of the projects named here (those that include the gate template), never a job whose name matches
 * {@code leaveJobs} (a project's own delayed jobs, such as a wait before verifying a deploy).
 *
 * @param dryRun log what it would play and play nothing
 * @param projects full paths of opted-in projects; {@code group/*} matches a group's projects,
 *     {@code group/**} its subgroups' too
 * @param leaveJobs glob patterns of job names RunnerIQ never plays (they start at their own time)
 * @param beyondFree k: per pool of runners, played jobs kept pending beyond the free slots
 * @param writesPerMinute the most writes (plays) sent to GitLab in any minute
 * @param instance how this process names itself in the action log and when it stands by; empty for
 *     host name and process id
 * @param preempt when and what RunnerIQ cancels for a CRITICAL job, or null for never ({@code
 *     gate.preempt}, off unless enabled)
 */
public record GateConfig(
    boolean dryRun,
    List<String> projects,
    List<String> leaveJobs,
    int beyondFree,
    int writesPerMinute,
    String instance,
    @Nullable Preempt preempt) {

  /** No project opted in, k = 1, 60 writes a minute, no preemption. */
  public static final GateConfig DEFAULT =
      new GateConfig(false, List.of(), List.of(), 1, 60, "", null);

  /**
   * {@code gate.preempt}: once a CRITICAL job has waited {@link PreemptRule#after()} with no free
   * slot on a runner that may take it, RunnerIQ cancels a running job these rules name (and {@link
   * PreemptRule#cancellable} allows: LOW or MEDIUM, no deploy) and retries it; at most {@link
   * PreemptRule#perHour()} an hour. GitLab's APIs do not show {@code interruptible} or a job's
   * variables, so the projects say which jobs may be cancelled here, by project and job name.
   *
   * @param jobs the running jobs that may be cancelled: one rule's project and job globs both match
   */
  public record Preempt(PreemptRule rule, List<Match> jobs) {
    /** A project glob and a job name glob, as {@link GateConfig#projects()} and leave_jobs. */
    public record Match(String project, String job) {}

    public Preempt {
      jobs = List.copyOf(jobs);
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException(
            "gate.preempt.jobs must name at least one project and job that may be cancelled");
      }
    }

    /** Whether a running job of {@code project} named {@code name} may be cancelled. */
    public boolean names(String project, String name) {
      for (var m : jobs) {
        if (matches(List.of(m.project()), project) && matches(List.of(m.job()), name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The same without the last component: no preemption. */
  public GateConfig(
      boolean dryRun,
      List<String> projects,
      List<String> leaveJobs,
      int beyondFree,
      int writesPerMinute,
      String instance) {
    this(dryRun, projects, leaveJobs, beyondFree, writesPerMinute, instance, null);
  }

  public GateConfig {
    projects = List.copyOf(projects);
    leaveJobs = List.copyOf(leaveJobs);
    if (beyondFree < 0) {
      throw new IllegalArgumentException(
          "gate.beyond_free must be at least 0, but was " + beyondFree);
    }
    if (writesPerMinute < 1) {
      throw new IllegalArgumentException(
          "gate.writes_per_minute must be at least 1, but was " + writesPerMinute);
    }
  }

  /** Whether the project with this full path opted in. */
  public boolean gates(String projectPath) {
    return matches(projects, projectPath);
  }

  /** Whether RunnerIQ must never play a job of this name. */
  public boolean leaves(String jobName) {
    return matches(leaveJobs, jobName);
  }

  /** The same, dry run or not (a config reload). */
  public GateConfig withDryRun(boolean value) {
    return new GateConfig(
        value, projects, leaveJobs, beyondFree, writesPerMinute, instance, preempt);
  }

  /** The same with preemption (or none for null). */
  public GateConfig withPreempt(@Nullable Preempt p) {
    return new GateConfig(dryRun, projects, leaveJobs, beyondFree, writesPerMinute, instance, p);
  }

  private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

  private static boolean matches(List<String> globs, String name) {
    for (String g : globs) {
      if (GLOBS.computeIfAbsent(g, GateConfig::glob).matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code **} matches anything, {@code *} anything but a slash, {@code ?} one such character. */
  static Pattern glob(String glob) {
    var re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
