package dev.runneriq.sim.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.Documents;
import dev.runneriq.sim.PolicyResult;
import dev.runneriq.sim.SimResult;
import dev.runneriq.sim.Stats;

/** The {@code runneriq.sim-result/v1} document (docs/formats/sim-result.md). */
public final class ResultJson {
  public static final String FORMAT = "runneriq.sim-result/v1";

  private ResultJson() {}

  public static ObjectNode write(SimResult r) {
    var root = Documents.JSON.createObjectNode();
    root.put("format", FORMAT);
    var trace = root.putObject("trace");
    trace.put("source", r.source());
    trace.put("pipelines", r.pipelines());
    trace.put("jobs", r.jobs());
    trace.put("start", r.start().toString());
    trace.put("end", r.end().toString());
    var fleet = root.putObject("fleet");
    fleet.put("runners", r.runners());
    fleet.put("slots", r.slots());
    var carbon = root.putObject("carbon");
    var zones = carbon.putArray("zones");
    r.zones().forEach(zones::add);
    carbon.put("shift_weeks", r.shiftWeeks());
    var without = carbon.putArray("runners_without_data");
    r.withoutCarbonData().forEach(without::add);
    root.put("seed", r.seed());
    var policies = root.putObject("policies");
    r.policies().forEach((name, p) -> policy(policies.putObject(name), p));
    return root;
  }

  private static void policy(ObjectNode o, PolicyResult p) {
    o.put("jobs_run", p.jobsRun());
    var tiers = o.putObject("tiers");
    for (var t : Tier.values()) {
      var tier = tiers.putObject(t.name());
      group(tier, p.tier(t));
      tier.put("energy_kwh", round(p.footprint(t).energyKwh(), 3));
      tier.put("co2_kg", round(p.footprint(t).co2Kg(), 3));
    }
    group(o.putObject("all"), p.all());
    var lead = o.putObject("pipeline_lead_time_s");
    lead(lead.putObject("production"), p.leadProduction());
    lead(lead.putObject("all"), p.leadAll());
    lead(lead.putObject("interactive"), p.leadInteractive());
    lead(lead.putObject("scheduled"), p.leadScheduled());
    o.put("energy_kwh", round(p.energyKwh(), 3));
    o.put("co2_kg", round(p.co2Kg(), 3));
    var noData = o.putObject("co2_no_data");
    noData.put("jobs", p.noCarbonData().jobs());
    noData.put("energy_kwh", round(p.noCarbonData().energyKwh(), 3));
    o.put("utilization", round(p.utilization(), 4));
    o.put("makespan_s", round(p.makespanS(), 1));
    var d = o.putObject("decisions");
    p.decisions().forEach(d::put);
    o.put("wall_ms", p.wallMs());
  }

  private static void group(ObjectNode o, Stats s) {
    o.put("jobs", s.n());
    var w = o.putObject("wait_s");
    w.put("mean", round(s.mean(), 1));
    w.put("p50", round(s.p50(), 1));
    w.put("p95", round(s.p95(), 1));
    w.put("p99", round(s.p99(), 1));
    w.put("max", round(s.max(), 1));
  }

  private static void lead(ObjectNode o, Stats s) {
    o.put("mean", round(s.mean(), 1));
    o.put("p50", round(s.p50(), 1));
    o.put("p95", round(s.p95(), 1));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
