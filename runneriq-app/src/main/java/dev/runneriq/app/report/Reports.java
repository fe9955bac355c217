package dev.runneriq.app.report;

import dev.runneriq.app.config.CarbonBudgets;
import dev.runneriq.app.http.Emissions;
import dev.runneriq.app.http.Insights;
import dev.runneriq.app.http.Views;
import dev.runneriq.core.carbon.Intensity;
import dev.runneriq.core.model.Tier;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.optimizer.LearnConfig;
import dev.runneriq.optimizer.LearnedState;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.store.AuditStore;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Computes a {@link Report} from the audit log: the one way {@code runneriq report} and {@code GET
 * /api/v1/report} both take.
 */
public final class Reports {
  private Reports() {}

  /** The longest window a report covers. */
  public static final Duration LONGEST = Duration.ofDays(366);

  private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})([dh])");

  /**
   * What a report reads besides the audit log.
   *
   * @param sites each runner's power (fleet file by id, else {@code fleet.watts})
   * @param learn how the Optimizer weighs what it learned ({@code optimizer} section)
   */
  public record Settings(RunnerSites sites, CarbonBudgets budgets, LearnConfig learn) {
    public static final Settings DEFAULT =
        new Settings(RunnerSites.unknown(), CarbonBudgets.NONE, LearnConfig.DEFAULT);
  }

  /**
   * A window such as {@code 30d} or {@code 12h}, from 1 hour to {@link #LONGEST}.
   *
   * @throws IllegalArgumentException naming the value
   */
  public static Duration window(String text) {
    var m = WINDOW.matcher(text.strip().toLowerCase(Locale.ROOT));
    Duration d = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }
    if (d == null || d.isZero() || d.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "since must be days or hours back, such as 30d or 12h, at most "
              + LONGEST.toDays()
              + "d, but was '"
              + dev.runneriq.formats.Printable.clip(text)
              + "'");
    }
    return d;
  }

  /** The report over the {@code window} before {@code now}, from {@code store}. */
  public static Report read(AuditStore store, Settings settings, Duration window, Instant now) {
    Instant since = now.minus(window);
    Instant month = monthStart(now);
    var rows = store.latestPerJob(since.isBefore(month) ? since : month);
    var jobs = rows.stream().map(ReportJob::of).toList();
    return compute(jobs, store.learned().load(), settings, since, now);
  }

  /** Each budget's used share of its limit this month, by group: what the gauge shows. */
  public static Map<String, Double> budgetRatios(AuditStore store, Settings settings, Instant now) {
    var out = new TreeMap<String, Double>();
    if (settings.budgets().kgPerMonth().isEmpty()) {
      return out;
    }
    var jobs = store.latestPerJob(monthStart(now)).stream().map(ReportJob::of).toList();
    for (var b : budgets(jobs, settings, now)) {
      out.put(b.group(), b.usedRatio());
    }
    return out;
  }

  static Report compute(
      List<ReportJob> jobs, LearnedState learned, Settings settings, Instant since, Instant now) {
    var window =
        jobs.stream().filter(j -> !j.at().isBefore(since) && !j.at().isAfter(now)).toList();
    var byProject = new TreeMap<String, List<ReportJob>>();
    var byGroup = new TreeMap<String, List<ReportJob>>();
    for (var j : window) {
      byProject.computeIfAbsent(j.project(), p -> new ArrayList<>()).add(j);
      for (String g : groups(j.project())) {
        byGroup.computeIfAbsent(g, p -> new ArrayList<>()).add(j);
      }
    }
    var projects = new ArrayList<Report.Scope>();
    byProject.forEach((p, js) -> projects.add(scope(p, js, settings)));
    var groups = new ArrayList<Report.Scope>();
    byGroup.forEach((g, js) -> groups.add(scope(g, js, settings)));
    return new Report(
        Report.FORMAT,
        since,
        now,
        scope("", window, settings),
        groups,
        projects,
        budgets(jobs, settings, now),
        runners(learned, settings.learn(), now));
  }

  /** The namespaces above a project: {@code a/b/c} lies in {@code a} and {@code a/b}. */
  static List<String> groups(String project) {
    var out = new ArrayList<String>();
    int i = project.indexOf('/');
    while (i > 0) {
      out.add(project.substring(0, i));
      i = project.indexOf('/', i + 1);
    }
    return out;
  }

  private static Report.Scope scope(String path, List<ReportJob> jobs, Settings settings) {
    var tiers = new LinkedHashMap<String, Report.TierWaits>();
    for (Tier t : Tier.values()) {
      tiers.put(t.name(), waits(jobs.stream().filter(j -> j.tier().equals(t.name())).toList()));
    }
    var co2 = new Emissions.Tally();
    int avoidedJobs = 0;
    int avoidedMissing = 0;
    double avoidedKg = 0;
    for (var j : jobs) {
      var run = j.run();
      if (run == null) {
        continue;
      }
      double kwh = energyKwh(run, settings.sites());
      co2.ran(kwh, j.ranIntensity() == null ? null : kwh * j.ranIntensity() / 1000);
      if (j.ranIntensity() != null && j.candidatesIntensity() != null) {
        avoidedJobs++;
        avoidedKg += kwh * (j.candidatesIntensity() - j.ranIntensity()) / 1000;
      } else {
        avoidedMissing++;
      }
    }
    return new Report.Scope(
        path,
        jobs.size(),
        tiers,
        co2.summary(),
        new Report.Avoided(avoidedJobs, avoidedMissing, Emissions.round(avoidedKg)));
  }

  private static double energyKwh(ReportJob.Run run, RunnerSites sites) {
    double watts = sites.byId().getOrDefault(run.runnerId(), sites.fallback()).watts();
    return Intensity.energyKwh(watts, run.started(), run.finished());
  }

  private static Report.TierWaits waits(List<ReportJob> jobs) {
    var all = waitsOf(jobs, j -> true);
    var followed = waitsOf(jobs, j -> Boolean.TRUE.equals(j.followed()));
    var not = waitsOf(jobs, j -> Boolean.FALSE.equals(j.followed()));
    Long p50Followed = rank(followed, 0.50);
    Long p50Not = rank(not, 0.50);
    return new Report.TierWaits(
        jobs.size(),
        all.size(),
        rank(all, 0.50),
        rank(all, 0.95),
        jobs.stream().filter(j -> Boolean.TRUE.equals(j.followed())).count(),
        jobs.stream().filter(j -> Boolean.FALSE.equals(j.followed())).count(),
        p50Followed,
        p50Not,
        p50Followed == null || p50Not == null ? null : p50Not - p50Followed);
  }

  private static List<Long> waitsOf(List<ReportJob> jobs, Predicate<ReportJob> which) {
    var out = new ArrayList<Long>();
    for (var j : jobs) {
      if (j.waitS() != null && which.test(j)) {
        out.add(j.waitS());
      }
    }
    out.sort(null);
    return out;
  }

  private static @Nullable Long rank(List<Long> sorted, double p) {
    return sorted.isEmpty() ? null : Views.nearestRank(sorted, p);
  }

  private static Instant monthStart(Instant now) {
    return YearMonth.from(now.atZone(ZoneOffset.UTC))
        .atDay(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  private static List<Report.Budget> budgets(List<ReportJob> jobs, Settings settings, Instant now) {
    var month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    Instant start = monthStart(now);
    int today = now.atZone(ZoneOffset.UTC).getDayOfMonth();
    var out = new ArrayList<Report.Budget>();
    settings
        .budgets()
        .kgPerMonth()
        .forEach(
            (group, limit) -> {
              double[] perDay = new double[today + 1];
              int missing = 0;
              for (var j : jobs) {
                var run = j.run();
                if (run == null
                    || !CarbonBudgets.covers(group, j.project())
                    || run.finished().isBefore(start)
                    || run.finished().isAfter(now)) {
                  continue;
                }
                if (j.ranIntensity() == null) {
                  missing++;
                  continue;
                }
                int day = run.finished().atZone(ZoneOffset.UTC).getDayOfMonth();
                perDay[day] += energyKwh(run, settings.sites()) * j.ranIntensity() / 1000;
              }
              var days = new ArrayList<Report.Day>();
              double used = 0;
              for (int d = 1; d <= today; d++) {
                used += perDay[d];
                days.add(
                    new Report.Day(
                        month.atDay(d).toString(),
                        Emissions.round(used),
                        Emissions.round(limit - used),
                        Emissions.round(limit * d / month.lengthOfMonth())));
              }
              out.add(
                  new Report.Budget(
                      group,
                      month.toString(),
                      limit,
                      Emissions.round(used),
                      Emissions.round(used / limit),
                      missing,
                      days));
            });
    return out;
  }

  private static Report.Runners runners(LearnedState learned, LearnConfig config, Instant now) {
    var learner = new Learner(config);
    learner.restore(learned);
    double fleet = learner.fleetHealth(now);
    var flagged = new ArrayList<Report.Flagged>();
    for (var r : learned.runners()) {
      var stats = learner.runner(r.runnerId(), now);
      if (stats == null) {
        continue;
      }
      var flags = Insights.flags(stats, fleet);
      if (!flags.isEmpty()) {
        flagged.add(
            new Report.Flagged(
                r.runnerId(),
                stats.jobs(),
                Emissions.round(stats.successRate()),
                Emissions.round(stats.durationFactor()),
                flags));
      }
    }
    flagged.sort(java.util.Comparator.comparingLong(Report.Flagged::id));
    return new Report.Runners(Emissions.round(fleet), flagged);
  }
}
