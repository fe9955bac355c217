package dev.runneriq.sim;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.Tier;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/** Measures a finished {@link Simulation} per docs/formats/sim-result.md. */
final class Metrics {
  private Metrics() {}

  static PolicyResult measure(String name, Simulation sim) {
    var w = sim.world();
    int n = w.jobCount();
    var perTier = new long[Tier.values().length][];
    int[] counts = new int[perTier.length];
    long[] all = new long[n];
    int ran = 0;
    long lastEnd = 0;
    double busyMs = 0;
    double kwh = 0;
    double kg = 0;
    long noDataJobs = 0;
    double noDataKwh = 0;
    double[] tierKwh = new double[perTier.length];
    double[] tierKg = new double[perTier.length];
    long shiftS = w.shiftWeeks * 7 * 86_400;
    double startS = w.start.toEpochMilli() / 1000.0 + shiftS;
    var hours = new HourlyBusy(w.start.toEpochMilli());
    for (int j = 0; j < n; j++) {
      if (!sim.ran(j)) {
        continue;
      }
      counts[w.tier[j]]++;
      all[ran++] = sim.startAt[j] - sim.pendingAt[j];
      lastEnd = Math.max(lastEnd, sim.endAt[j]);
      long runMs = sim.endAt[j] - sim.startAt[j];
      busyMs += runMs;
      hours.add(sim.startAt[j], sim.endAt[j]);
      var runner = w.runners[sim.runnerOf[j]];
      double jobKwh = runner.watts() * (runMs / 1000.0) / 3.6e6;
      kwh += jobKwh;
      tierKwh[w.tier[j]] += jobKwh;
      String zone = runner.zone();
      if (zone == null || !w.zoneKnown[sim.runnerOf[j]]) {
        noDataJobs++;
        noDataKwh += jobKwh;
      } else {
        double jobKg =
            w.carbon.kgCo2(
                zone,
                runner.watts(),
                startS + sim.startAt[j] / 1000.0,
                startS + sim.endAt[j] / 1000.0);
        kg += jobKg;
        tierKg[w.tier[j]] += jobKg;
      }
    }
    for (int t = 0; t < perTier.length; t++) {
      perTier[t] = new long[counts[t]];
      counts[t] = 0;
    }
    for (int j = 0; j < n; j++) {
      if (sim.ran(j)) {
        perTier[w.tier[j]][counts[w.tier[j]]++] = sim.startAt[j] - sim.pendingAt[j];
      }
    }
    var tiers = new EnumMap<Tier, Stats>(Tier.class);
    var waits = new EnumMap<Tier, long[]>(Tier.class);
    var footprint = new EnumMap<Tier, PolicyResult.Footprint>(Tier.class);
    for (var t : Tier.values()) {
      footprint.put(t, new PolicyResult.Footprint(tierKwh[t.ordinal()], tierKg[t.ordinal()]));
      tiers.put(t, Stats.ofMillis(perTier[t.ordinal()]));
      waits.put(t, perTier[t.ordinal()]);
    }
    long[] prod = leadTimes(sim, p -> w.production[p]);
    double makespanMs = Math.max(0, lastEnd);
    double capacity = w.slots() * makespanMs;
    return new PolicyResult(
        name,
        ran,
        tiers,
        Stats.ofMillis(Arrays.copyOf(all, ran)),
        Stats.ofMillis(prod),
        Stats.ofMillis(leadTimes(sim, p -> true)),
        Stats.ofMillis(leadTimes(sim, p -> w.kind[p] == World.INTERACTIVE)),
        Stats.ofMillis(leadTimes(sim, p -> w.kind[p] == World.SCHEDULED)),
        kwh,
        kg,
        new PolicyResult.NoData(noDataJobs, noDataKwh),
        footprint,
        capacity > 0 ? busyMs / capacity : 0,
        hours.peak() / (w.slots() * HourlyBusy.HOUR_MS),
        makespanMs / 1000,
        new LinkedHashMap<>(sim.decisions),
        sim.wastedMs / 1000.0,
        sim.wallMs,
        waits,
        prod,
        sim.timeline,
        runnerStarts(sim),
        sim.policy instanceof RunnerIqPolicy r ? r.calibration() : Calibration.NONE);
  }

  private static Map<Long, int[]> runnerStarts(Simulation sim) {
    var out = new LinkedHashMap<Long, int[]>();
    var runners = sim.world().runners;
    for (int r = 0; r < runners.length; r++) {
      out.put(runners[r].id(), sim.startsPerHour(r));
    }
    return out;
  }

  /** Busy slot-milliseconds per clock hour (UTC) of the run. */
  static final class HourlyBusy {
    static final double HOUR_MS = 3_600_000;

    private final long offsetMs;
    private double[] busy = new double[32];

    /**
     * @param startEpochMs the run's time zero, so that buckets fall on clock hours
     */
    HourlyBusy(long startEpochMs) {
      this.offsetMs = Math.floorMod(startEpochMs, (long) HOUR_MS);
    }

    /** A job busy on one slot from {@code fromMs} to {@code toMs} (ms since time zero). */
    void add(long fromMs, long toMs) {
      long a = fromMs + offsetMs;
      long b = toMs + offsetMs;
      while (a < b) {
        int h = (int) (a / (long) HOUR_MS);
        long end = Math.min(b, (h + 1) * (long) HOUR_MS);
        if (h >= busy.length) {
          busy = Arrays.copyOf(busy, Math.max(h + 1, busy.length * 2));
        }
        busy[h] += end - a;
        a = end;
      }
    }

    /** The busiest hour's slot-milliseconds. */
    double peak() {
      double max = 0;
      for (double v : busy) {
        max = Math.max(max, v);
      }
      return max;
    }
  }

  /** Lead times (ms) of pipelines in which some job ran: last job finished minus creation. */
  private static long[] leadTimes(Simulation sim, IntPredicate pipelines) {
    var w = sim.world();
    long[] out = new long[w.pipelineCount()];
    int k = 0;
    for (int p = 0; p < w.pipelineCount(); p++) {
      if (!pipelines.test(p)) {
        continue;
      }
      long last = -1;
      for (int j : w.pipelineJobs[p]) {
        if (sim.ran(j)) {
          last = Math.max(last, sim.endAt[j]);
        }
      }
      if (last >= 0) {
        out[k++] = last - w.createdMs[p];
      }
    }
    return Arrays.copyOf(out, k);
  }
}
