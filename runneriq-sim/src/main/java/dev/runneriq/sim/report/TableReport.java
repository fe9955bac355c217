package dev.runneriq.sim.report;

import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Durations;
import dev.runneriq.sim.PolicyResult;
import dev.runneriq.sim.SimResult;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The comparison table {@code simulate} prints: one row per policy. */
public final class TableReport {
  private TableReport() {}

  public static String render(SimResult r) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s: %d pipelines, %d jobs on %d runners (%d slots), seed %d; carbon %s (shift %d weeks)%n%n",
            r.source(),
            r.pipelines(),
            r.jobs(),
            r.runners(),
            r.slots(),
            r.seed(),
            r.zones().isEmpty() ? "none" : String.join(",", r.zones()),
            r.shiftWeeks()));
    sb.append(String.format(Locale.ROOT, "%-16s", "wait p50/p95/p99/max"));
    for (var t : Tier.values()) {
      sb.append(String.format(Locale.ROOT, " | %-23s", t));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " | %9s | %9s | %5s | %6s | %8s | %8s | %s%n",
            "mean wait",
            "prod lead",
            "util",
            "peak h",
            "kWh",
            "kgCO2",
            "CRITICAL p95 vs fifo"));
    var fifo = r.policies().get("fifo");
    for (var e : r.policies().entrySet()) {
      var p = e.getValue();
      sb.append(String.format(Locale.ROOT, "%-16s", e.getKey()));
      for (var t : Tier.values()) {
        var s = p.tier(t);
        String cell =
            s.n() == 0 ? "-" : w(s.p50()) + "/" + w(s.p95()) + "/" + w(s.p99()) + "/" + w(s.max());
        sb.append(String.format(Locale.ROOT, " | %-23s", cell));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              " | %9s | %9s | %4.0f%% | %5.0f%% | %8.1f | %8.1f | %s%n",
              w(p.all().mean()),
              p.leadProduction().n() == 0 ? "-" : w(p.leadProduction().p50()),
              p.utilization() * 100,
              p.peakHourUtilization() * 100,
              p.energyKwh(),
              p.co2Kg(),
              change(p, fifo)));
    }
    boolean first = true;
    for (var e : r.policies().entrySet()) {
      var d = e.getValue().decisions();
      long engine = d.getOrDefault("rules", 0L) + d.getOrDefault("tie-break", 0L);
      if (engine + d.getOrDefault("llm", 0L) > 0) {
        sb.append(first ? "\n" : "").append("decisions of ").append(e.getKey()).append(':');
        d.forEach((by, n) -> sb.append(' ').append(by).append(' ').append(n));
        sb.append('\n');
        first = false;
      }
    }
    sb.append(
        "\nwaits as p50/p95/p99/max per base-priority tier; prod lead = median lead time of"
            + " pipelines deploying to production.\n");
    sb.append(CarbonTable.render(r));
    return sb.toString();
  }

  private static String w(double seconds) {
    return Durations.words(seconds);
  }

  /** CRITICAL p95 of {@code p} against fifo's, as a signed percentage. */
  static String change(PolicyResult p, @Nullable PolicyResult fifo) {
    if (fifo == null || p == fifo) {
      return fifo == null ? "-" : "(baseline)";
    }
    double base = fifo.tier(Tier.CRITICAL).p95();
    double mine = p.tier(Tier.CRITICAL).p95();
    if (base == 0) {
      return mine == 0 ? "±0%" : "+" + w(mine);
    }
    return String.format(
        Locale.ROOT, "%+.0f%% (%s → %s)", (mine - base) / base * 100, w(base), w(mine));
  }
}
