package dev.runneriq.app.report;

import dev.runneriq.app.http.Emissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What RunnerIQ saved over a window ({@code runneriq.report/v1}, docs/REPORT.md): every job counted
 * once, by its latest decision in the window, under its project and under each group above it.
 *
 * @param all every job of the window
 * @param groups each group (a project's namespace and every namespace above it), by path
 * @param projects each project, by path
 * @param budgets each configured group budget, for the calendar month (UTC) of {@code until}
 * @param runners the runners the Optimizer found unhealthy or slow, as of {@code until}
 */
public record Report(
    String format,
    Instant since,
    Instant until,
    Scope all,
    List<Scope> groups,
    List<Scope> projects,
    List<Budget> budgets,
    Runners runners) {

  public static final String FORMAT = "runneriq.report/v1";

  public Report {
    groups = List.copyOf(groups);
    projects = List.copyOf(projects);
    budgets = List.copyOf(budgets);
  }

  /**
   * One project or group.
   *
   * @param jobs jobs decided in the window
   * @param tiers per tier name (CRITICAL, HIGH, MEDIUM, LOW), always all four
   * @param co2 energy and CO2 of the jobs that finished (measured run times; power from the fleet
   *     config; intensity as read at the decision); jobs without carbon data counted apart
   * @param co2AvoidedEstimate against GitLab's order (an estimate, see docs/REPORT.md)
   */
  public record Scope(
      String path,
      long jobs,
      Map<String, TierWaits> tiers,
      Emissions.Summary co2,
      Avoided co2AvoidedEstimate) {
    public Scope {
      tiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tiers));
    }
  }

  /**
   * The waits of one tier's jobs in whole seconds, by nearest rank; null where no job has one.
   *
   * @param waited jobs whose outcome shows when they became pending and started
   * @param followed jobs that ran on the runner RunnerIQ advised
   * @param notFollowed jobs that ran on another runner than the one advised
   * @param waitSavedP50EstimateS the not-followed jobs' p50 minus the followed jobs' p50: an
   *     observed difference, not a measured effect; null unless both have waits
   */
  public record TierWaits(
      long jobs,
      long waited,
      @Nullable Long p50S,
      @Nullable Long p95S,
      long followed,
      long notFollowed,
      @Nullable Long p50FollowedS,
      @Nullable Long p50NotFollowedS,
      @Nullable Long waitSavedP50EstimateS) {}

  /**
   * CO2 avoided against GitLab's order, estimated: for each finished job whose candidates' and
   * runner's intensities the decision holds, its energy times (the candidates' mean intensity minus
   * that of the runner it ran on). Negative when jobs ran dirtier than GitLab's order would on
   * average.
   *
   * @param jobsEstimated finished jobs the estimate covers
   * @param withoutData finished jobs it cannot cover (an intensity unknown, or the runner that ran
   *     the job was not among the decision's candidates)
   */
  public record Avoided(int jobsEstimated, int withoutData, double kg) {}

  /**
   * A group's budget for one calendar month (UTC).
   *
   * @param month {@code YYYY-MM}
   * @param usedKg CO2 of the group's jobs that finished in the month so far
   * @param usedRatio {@code usedKg / limitKg}
   * @param jobsWithoutData the group's jobs that finished in the month with no carbon data
   * @param burnDown one point per day of the month so far
   */
  public record Budget(
      String group,
      String month,
      double limitKg,
      double usedKg,
      double usedRatio,
      int jobsWithoutData,
      List<Day> burnDown) {
    public Budget {
      burnDown = List.copyOf(burnDown);
    }
  }

  /**
   * One day of a budget's month.
   *
   * @param date {@code YYYY-MM-DD}
   * @param usedKg CO2 of the jobs finished from the 1st to the end of this day
   * @param remainingKg the limit minus {@code usedKg}
   * @param paceKg the limit spread evenly over the month, up to this day
   */
  public record Day(String date, double usedKg, double remainingKg, double paceKg) {}

  /**
   * What the Optimizer found, from what it learned (kept in the audit log's database).
   *
   * @param flagged runners whose success rate is {@link dev.runneriq.app.http.Insights#UNHEALTHY}
   *     or more below the fleet's, or whose jobs take {@link dev.runneriq.app.http.Insights#SLOW}
   *     times or more what their declared speed says
   */
  public record Runners(double fleetSuccessRate, List<Flagged> flagged) {
    public Runners {
      flagged = List.copyOf(flagged);
    }
  }

  /** One runner that stands out, with what the Optimizer learned of it. */
  public record Flagged(
      long id, long jobs, double successRate, double durationFactor, List<String> flags) {
    public Flagged {
      flags = List.copyOf(flags);
    }
  }
}
