package dev.runneriq.app.report;

import static dev.runneriq.sim.report.SvgChart.esc;

import dev.runneriq.core.model.Tier;
import dev.runneriq.sim.report.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Report} as one self-contained HTML file: tables and SVG charts (the simulator's {@link
 * SvgChart}), no scripts, nothing fetched.
 */
public final class ReportHtml {
  private ReportHtml() {}

  public static String render(Report r) {
    var sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>RunnerIQ report ")
        .append(esc(r.since() + " to " + r.until()))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1400px}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(".grid{display:flex;flex-wrap:wrap;gap:1em}.note{color:#555}</style></head><body>");
    sb.append("<h1>RunnerIQ report</h1><p>Jobs decided from ")
        .append(esc(r.since().toString()))
        .append(" to ")
        .append(esc(r.until().toString()))
        .append(": ")
        .append(r.all().jobs())
        .append(". Estimates are marked <em>(est.)</em>; docs/REPORT.md says how each number is")
        .append(" made.</p>");

    sb.append("<h2>Waits per tier</h2><div class='grid'>");
    var tiers = new ArrayList<String>();
    for (Tier t : Tier.values()) {
      tiers.add(t.name());
    }
    sb.append(
        SvgChart.bars(
            "all jobs: wait p50", "s", tiers, values(tiers, t -> orZero(tier(r.all(), t).p50S()))));
    sb.append(
        SvgChart.bars(
            "all jobs: wait p95", "s", tiers, values(tiers, t -> orZero(tier(r.all(), t).p95S()))));
    sb.append(
        SvgChart.bars(
            "wait saved p50 (est.)",
            "s",
            tiers,
            values(tiers, t -> orZero(tier(r.all(), t).waitSavedP50EstimateS()))));
    sb.append("</div>");

    var groups = r.groups().stream().map(Report.Scope::path).toList();
    if (!groups.isEmpty()) {
      sb.append("<h2>CO2 per group</h2><div class='grid'>");
      sb.append(
          SvgChart.bars(
              "CO2 of finished jobs", "kg", groups, values(r.groups(), s -> s.co2().co2Kg())));
      sb.append(
          SvgChart.bars(
              "CO2 avoided vs GitLab's order (est.)",
              "kg",
              groups,
              values(r.groups(), s -> s.co2AvoidedEstimate().kg())));
      sb.append("</div>");
    }

    if (!r.budgets().isEmpty()) {
      sb.append("<h2>Carbon budgets</h2><div class='grid'>");
      for (var b : r.budgets()) {
        int n = b.burnDown().size();
        double[] day = new double[n];
        double[] used = new double[n];
        double[] pace = new double[n];
        double[] limit = new double[n];
        for (int i = 0; i < n; i++) {
          day[i] = i + 1;
          used[i] = b.burnDown().get(i).usedKg();
          pace[i] = b.burnDown().get(i).paceKg();
          limit[i] = b.limitKg();
        }
        sb.append(
            SvgChart.lines(
                String.format(
                    Locale.ROOT,
                    "%s %s: %.1f of %.1f kg (%.0f%%)",
                    b.group(),
                    b.month(),
                    b.usedKg(),
                    b.limitKg(),
                    100 * b.usedRatio()),
                "day of month",
                "kg CO2",
                List.of(
                    new SvgChart.Series("used", day, used),
                    new SvgChart.Series("even pace", day, pace),
                    new SvgChart.Series("budget", day, limit))));
      }
      sb.append("</div>");
    }

    sb.append("<h2>Groups</h2>");
    table(sb, r.groups());
    sb.append("<h2>Projects</h2>");
    table(sb, r.projects());

    sb.append("<h2>Runners the Optimizer found unhealthy or slow</h2>");
    if (r.runners().flagged().isEmpty()) {
      sb.append("<p>None.</p>");
    } else {
      sb.append("<table><tr><th>runner</th><th>jobs</th><th>success rate</th>")
          .append("<th>duration factor</th><th>flags</th></tr>");
      for (var f : r.runners().flagged()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "<tr><td>#%d</td><td>%d</td><td>%.1f%%</td><td>%.2f</td><td>%s</td></tr>",
                f.id(),
                f.jobs(),
                100 * f.successRate(),
                f.durationFactor(),
                esc(String.join(", ", f.flags()))));
      }
      sb.append("</table>");
    }
    sb.append(
            String.format(
                Locale.ROOT,
                "<p class='note'>Fleet success rate %.1f%%.</p>",
                100 * r.runners().fleetSuccessRate()))
        .append("<p class='note'>Generated by runneriq report.</p></body></html>\n");
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<Report.Scope> scopes) {
    if (scopes.isEmpty()) {
      sb.append("<p>None.</p>");
      return;
    }
    sb.append("<table><tr><th>path</th><th>jobs</th>");
    for (Tier t : Tier.values()) {
      sb.append("<th>").append(t).append(" p50 / p95 s</th>");
    }
    sb.append("<th>kWh</th><th>kg CO2</th><th>no carbon data</th>")
        .append("<th>kg avoided (est.)</th></tr>");
    for (var s : scopes) {
      sb.append("<tr><td>")
          .append(esc(s.path()))
          .append("</td><td>")
          .append(s.jobs())
          .append("</td>");
      for (Tier t : Tier.values()) {
        var w = tier(s, t.name());
        sb.append("<td>")
            .append(text(w.p50S()))
            .append(" / ")
            .append(text(w.p95S()))
            .append("</td>");
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<td>%.3f</td><td>%.3f</td><td>%d</td><td>%.3f</td></tr>",
              s.co2().energyKwh(),
              s.co2().co2Kg(),
              s.co2().withoutCarbonData(),
              s.co2AvoidedEstimate().kg()));
    }
    sb.append("</table>");
  }

  private static <T> double[] values(List<T> items, ToDoubleFunction<T> f) {
    double[] out = new double[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(items.get(i));
    }
    return out;
  }

  private static Report.TierWaits tier(Report.Scope s, String tier) {
    return java.util.Objects.requireNonNull(s.tiers().get(tier), tier);
  }

  private static double orZero(@Nullable Long v) {
    return v == null ? 0 : v;
  }

  private static String text(@Nullable Long v) {
    return v == null ? "–" : Long.toString(v);
  }
}
