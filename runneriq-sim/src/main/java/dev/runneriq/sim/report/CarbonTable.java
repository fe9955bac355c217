package dev.runneriq.sim.report;

import dev.runneriq.core.model.Tier;
import dev.runneriq.sim.PolicyResult;
import dev.runneriq.sim.SimResult;
import dev.runneriq.sim.carbon.Equivalences;
import java.util.Locale;

/**
 * The energy and CO2 part of the {@code simulate} table: per policy and per tier, jobs held for a
 * greener window, and what the carbon-aware policies saved against {@code runneriq} in kg CO2 with
 * everyday equivalents (sources in {@link Equivalences}).
 */
public final class CarbonTable {
  private CarbonTable() {}

  public static String render(SimResult r) {
    var sb = new StringBuilder();
    String name = TableReport.nameColumn(r);
    sb.append(String.format(Locale.ROOT, "%n" + name, "kWh / kgCO2"));
    for (var t : Tier.values()) {
      sb.append(String.format(Locale.ROOT, " | %-15s", t));
    }
    sb.append(
        String.format(Locale.ROOT, " | %-15s | %8s | %s%n", "all", "deferred", "no carbon data"));
    for (var e : r.policies().entrySet()) {
      var p = e.getValue();
      sb.append(String.format(Locale.ROOT, name, e.getKey()));
      for (var t : Tier.values()) {
        var f = p.footprint(t);
        sb.append(String.format(Locale.ROOT, " | %-15s", cell(f.energyKwh(), f.co2Kg())));
      }
      var none = p.noCarbonData();
      sb.append(
          String.format(
              Locale.ROOT,
              " | %-15s | %8d | %s%n",
              cell(p.energyKwh(), p.co2Kg()),
              p.decisions().getOrDefault("deferred", 0L),
              none.jobs() == 0
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%d jobs, %.1f kWh", none.jobs(), none.energyKwh())));
    }
    var base = r.policies().get("runneriq");
    if (base != null) {
      for (var e : r.policies().entrySet()) {
        if (!e.getKey().contains("carbon")) {
          continue;
        }
        sb.append(saving(e.getKey(), e.getValue(), base));
      }
    }
    return sb.toString();
  }

  private static String cell(double kwh, double kg) {
    return String.format(Locale.ROOT, "%.1f / %.2f", kwh, kg);
  }

  private static String saving(String name, PolicyResult p, PolicyResult base) {
    double kg = base.co2Kg() - p.co2Kg();
    double pct = base.co2Kg() > 0 ? kg / base.co2Kg() * 100 : 0;
    if (kg <= 0) {
      return String.format(
          Locale.ROOT, "%s against runneriq: %.2f kg CO2 more (%+.1f%%)%n", name, -kg, -pct);
    }
    return String.format(
        Locale.ROOT,
        "%s against runneriq: saves %s (%.1f%%); %s%n",
        name,
        Equivalences.describe(kg),
        pct,
        Equivalences.SOURCE);
  }
}
