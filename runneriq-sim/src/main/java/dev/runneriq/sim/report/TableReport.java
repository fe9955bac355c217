package dev.runneriq.sim.report;

import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Durations;
import dev.runneriq.sim.PolicyResult;
import dev.runneriq.sim.SimResult;
import dev.runneriq.sim.Stats;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The comparison table {@code simulate} prints: one row per policy, then each policy against the
 * two baselines users have today, GitLab's real order ({@code fair}) and plain {@code fifo}.
 */
public final class TableReport {
  /** The baselines every comparison is made against, GitLab's real order first. */
  public static final List<String> BASELINES = List.of("fair", "fifo");

  private TableReport() {}

  public static String render(SimResult r) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s: %d pipelines, %d jobs on %d runners (%d slots), seed %d; carbon %s (shift %d weeks)%n",
            r.source(),
            r.pipelines(),
            r.jobs(),
            r.runners(),
            r.slots(),
            r.seed(),
            r.zones().isEmpty() ? "none" : String.join(",", r.zones()),
            r.shiftWeeks()));
    if (!r.withoutCarbonData().isEmpty()) {
      sb.append("no carbon data for ")
          .append(String.join("; ", r.withoutCarbonData()))
          .append(": their jobs' CO2 is counted as \"no data\", not as 0 kg\n");
    }
    sb.append('\n');
    String name = nameColumn(r);
    sb.append(String.format(Locale.ROOT, name, "wait p50/p95/p99/max"));
    for (var t : Tier.values()) {
      sb.append(String.format(Locale.ROOT, " | %-23s", t));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " | %9s | %9s | %9s | %5s | %6s | %8s | %8s%n",
            "mean wait",
            "prod lead",
            "int. lead",
            "util",
            "peak h",
            "kWh",
            "kgCO2"));
    for (var e : r.policies().entrySet()) {
      var p = e.getValue();
      sb.append(String.format(Locale.ROOT, name, e.getKey()));
      for (var t : Tier.values()) {
        var s = p.tier(t);
        String cell =
            s.n() == 0 ? "-" : w(s.p50()) + "/" + w(s.p95()) + "/" + w(s.p99()) + "/" + w(s.max());
        sb.append(String.format(Locale.ROOT, " | %-23s", cell));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              " | %9s | %9s | %9s | %4.0f%% | %5.0f%% | %8.1f | %8.1f%n",
              w(p.all().mean()),
              median(p.leadProduction()),
              median(p.leadInteractive()),
              p.utilization() * 100,
              p.peakHourUtilization() * 100,
              p.energyKwh(),
              p.co2Kg()));
    }
    sb.append(against(r));
    boolean first = true;
    for (var e : r.policies().entrySet()) {
      var d = e.getValue().decisions();
      long placements = d.getOrDefault("placements", 0L);
      if (placements > 0) {
        long tossUps = d.getOrDefault("toss_ups", 0L);
        sb.append(first ? "\n" : "")
            .append("decisions of ")
            .append(e.getKey())
            .append(": ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%d placements, %d toss-ups (%.0f%%) ->",
                    placements,
                    tossUps,
                    100.0 * tossUps / placements));
        d.forEach(
            (by, n) -> {
              if (!by.equals("placements") && !by.equals("toss_ups")) {
                sb.append(' ').append(by).append(' ').append(n);
              }
            });
        sb.append('\n');
        first = false;
      }
    }
    sb.append(gates(r));
    sb.append(
        "\nwaits as p50/p95/p99/max per base-priority tier; prod lead = median lead time of"
            + " pipelines deploying to production; int. lead = of pipelines someone waits for"
            + " (push, merge request, web, API).\n");
    sb.append(CarbonTable.render(r));
    return sb.toString();
  }

  /** What the gate policies did: plays, floors, preemptions and the runner time they wasted. */
  private static String gates(SimResult r) {
    var sb = new StringBuilder();
    for (var e : r.policies().entrySet()) {
      var d = e.getValue().decisions();
      var played = d.get("played");
      if (played != null) {
        sb.append(sb.isEmpty() ? "\n" : "")
            .append(
                String.format(
                    Locale.ROOT,
                    "gate of %s: %d jobs played by RunnerIQ, %d started by their floor; %d"
                        + " preempted%s, %.0f runner-minutes wasted%s%n",
                    e.getKey(),
                    played,
                    d.getOrDefault("floor", 0L),
                    d.getOrDefault("preempted", 0L),
                    evicted(d),
                    e.getValue().wastedRunnerS() / 60,
                    unscheduled(d)));
      }
    }
    return sb.toString();
  }

  /** Of the preempted jobs, those a gate evicted from runners kept from them, if it may. */
  private static String evicted(java.util.Map<String, Long> d) {
    var n = d.get("evicted");
    return n == null ? "" : String.format(Locale.ROOT, " (%d of them evicted)", n);
  }

  /** The jobs a gate turned manual before their floor, if it may. */
  private static String unscheduled(java.util.Map<String, Long> d) {
    var n = d.get("unscheduled");
    return n == null
        ? ""
        : String.format(
            Locale.ROOT,
            "; %d unscheduled (%d played at their ceiling), the latest %.0f min after its floor",
            n,
            d.getOrDefault("unscheduled_ceiling", 0L),
            d.getOrDefault("unscheduled_worst_extra_s", 0L) / 60.0);
  }

  /**
   * Each policy against fair and fifo: the p95 wait of CRITICAL, HIGH and MEDIUM, LOW's p99 and the
   * interactive pipelines' median lead time, as changes in percent ("-" where a baseline is
   * missing).
   */
  private static String against(SimResult r) {
    var fair = r.policies().get("fair");
    var fifo = r.policies().get("fifo");
    if (fair == null && fifo == null) {
      return "";
    }
    var sb = new StringBuilder();
    String name = nameColumn(r);
    sb.append(String.format(Locale.ROOT, "%n" + name, "vs fair / fifo"));
    for (String h :
        List.of("CRITICAL p95", "HIGH p95", "MEDIUM p95", "LOW p99", "interactive lead p50")) {
      sb.append(String.format(Locale.ROOT, " | %-21s", h));
    }
    sb.append('\n');
    List<ToDoubleFunction<PolicyResult>> measures =
        List.of(
            p -> p.tier(Tier.CRITICAL).p95(),
            p -> p.tier(Tier.HIGH).p95(),
            p -> p.tier(Tier.MEDIUM).p95(),
            p -> p.tier(Tier.LOW).p99(),
            p -> p.leadInteractive().p50());
    for (var e : r.policies().entrySet()) {
      if (BASELINES.contains(e.getKey())) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, name, e.getKey()));
      for (var m : measures) {
        sb.append(
            String.format(
                Locale.ROOT,
                " | %-21s",
                change(e.getValue(), fair, m) + " / " + change(e.getValue(), fifo, m)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The format of the first column: 16 characters, or the longest policy name's. */
  static String nameColumn(SimResult r) {
    int width = 16;
    for (String n : r.policies().keySet()) {
      width = Math.max(width, n.length());
    }
    return "%-" + width + "s";
  }

  private static String median(Stats s) {
    return s.n() == 0 ? "-" : w(s.p50());
  }

  private static String w(double seconds) {
    return Durations.words(seconds);
  }

  /** {@code measure} of {@code p} against {@code base}'s, as a signed percentage. */
  static String change(
      PolicyResult p, @Nullable PolicyResult base, ToDoubleFunction<PolicyResult> measure) {
    if (base == null) {
      return "-";
    }
    double b = measure.applyAsDouble(base);
    double mine = measure.applyAsDouble(p);
    if (b == 0) {
      return mine == 0 ? "±0%" : "+" + w(mine);
    }
    return String.format(Locale.ROOT, "%+.0f%%", (mine - b) / b * 100);
  }
}
