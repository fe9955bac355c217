package dev.runneriq.sim.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.Documents;
import dev.runneriq.sim.PolicyResult;
import dev.runneriq.sim.SimResult;
import dev.runneriq.sim.Stats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code runneriq.sim-result/v1} document (docs/formats/sim-result.md), written from records
 * whose components, in snake_case, are its fields in order.
 */
public final class ResultJson {
  public static final String FORMAT = "runneriq.sim-result/v1";

  private static final ObjectMapper JSON =
      Documents.JSON.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private ResultJson() {}

  public static ObjectNode write(SimResult r) {
    var policies = new LinkedHashMap<String, Policy>();
    r.policies().forEach((name, p) -> policies.put(name, policy(p)));
    return JSON.valueToTree(
        new Result(
            FORMAT,
            new Trace(
                r.source(), r.pipelines(), r.jobs(), r.start().toString(), r.end().toString()),
            new Fleet(r.runners(), r.slots()),
            new Carbon(r.zones(), r.shiftWeeks(), r.withoutCarbonData()),
            r.seed(),
            policies));
  }

  record Result(
      String format,
      Trace trace,
      Fleet fleet,
      Carbon carbon,
      long seed,
      Map<String, Policy> policies) {}

  record Trace(String source, int pipelines, int jobs, String start, String end) {}

  record Fleet(int runners, int slots) {}

  record Carbon(List<String> zones, long shiftWeeks, List<String> runnersWithoutData) {}

  record Policy(
      long jobsRun,
      Map<String, TierGroup> tiers,
      Group all,
      Map<String, Lead> pipelineLeadTimeS,
      double energyKwh,
      double co2Kg,
      NoData co2NoData,
      double utilization,
      double makespanS,
      Map<String, Long> decisions,
      double wastedRunnerS,
      long wallMs,
      Map<String, int[]> runnerStartsPerHour,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Calibrated> calibration) {}

  record Calibrated(int points, String reason) {}

  record Group(long jobs, Wait waitS) {}

  record TierGroup(long jobs, Wait waitS, double energyKwh, double co2Kg) {}

  record Wait(double mean, double p50, double p95, double p99, double max) {}

  record Lead(double mean, double p50, double p95) {}

  record NoData(long jobs, double energyKwh) {}

  private static Policy policy(PolicyResult p) {
    var tiers = new LinkedHashMap<String, TierGroup>();
    for (var t : Tier.values()) {
      var s = p.tier(t);
      var f = p.footprint(t);
      tiers.put(
          t.name(), new TierGroup(s.n(), wait(s), round(f.energyKwh(), 3), round(f.co2Kg(), 3)));
    }
    var lead = new LinkedHashMap<String, Lead>();
    lead.put("production", lead(p.leadProduction()));
    lead.put("all", lead(p.leadAll()));
    lead.put("interactive", lead(p.leadInteractive()));
    lead.put("scheduled", lead(p.leadScheduled()));
    return new Policy(
        p.jobsRun(),
        tiers,
        new Group(p.all().n(), wait(p.all())),
        lead,
        round(p.energyKwh(), 3),
        round(p.co2Kg(), 3),
        new NoData(p.noCarbonData().jobs(), round(p.noCarbonData().energyKwh(), 3)),
        round(p.utilization(), 4),
        round(p.makespanS(), 1),
        p.decisions(),
        round(p.wastedRunnerS(), 1),
        p.wallMs(),
        starts(p),
        calibrated(p));
  }

  private static Map<String, Calibrated> calibrated(PolicyResult p) {
    var out = new java.util.TreeMap<String, Calibrated>();
    p.calibration()
        .projects()
        .forEach((project, a) -> out.put(project, new Calibrated(a.points(), a.reason())));
    return out;
  }

  private static Map<String, int[]> starts(PolicyResult p) {
    var out = new LinkedHashMap<String, int[]>();
    p.runnerStarts().forEach((id, counts) -> out.put(Long.toString(id), counts));
    return out;
  }

  private static Wait wait(Stats s) {
    return new Wait(
        round(s.mean(), 1),
        round(s.p50(), 1),
        round(s.p95(), 1),
        round(s.p99(), 1),
        round(s.max(), 1));
  }

  private static Lead lead(Stats s) {
    return new Lead(round(s.mean(), 1), round(s.p50(), 1), round(s.p95(), 1));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
