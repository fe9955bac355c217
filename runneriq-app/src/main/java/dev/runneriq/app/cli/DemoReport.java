package dev.runneriq.app.cli;

import dev.runneriq.app.serve.Latencies;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.Policies;
import dev.runneriq.sim.Simulator;
import dev.runneriq.sim.Stats;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.DecisionQuery;
import dev.runneriq.store.StoredDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code runneriq demo --minutes N} prints at the end: what RunnerIQ advised and what GitLab's
 * order did on the live run (measured in the simulated GitLab), then what RunnerIQ's order would
 * have saved (estimated by replaying the whole simulated day in the simulator). The two are kept
 * apart and labelled.
 */
final class DemoReport {
  private DemoReport() {}

  static String render(
      LiveSim live,
      Instant from,
      Instant to,
      AuditStore store,
      Trace trace,
      List<Runner> fleet,
      long seed,
      Engine engine,
      Latencies hookToAdvice) {
    var b = new StringBuilder();
    var pending = live.becamePending(from, to);
    var decisions = decisions(store);
    // newest first: the last advice per job wins, the first decision gives the tier it entered at
    var latest = new HashMap<Long, StoredDecision>();
    var firstTier = new HashMap<Long, String>();
    var actions = new TreeMap<String, Integer>();
    var decidedBy = new TreeMap<String, Integer>();
    for (var d : decisions) {
      latest.putIfAbsent(d.jobId(), d);
      firstTier.put(d.jobId(), d.tier());
      actions.merge(d.action(), 1, Integer::sum);
      decidedBy.merge(d.decidedBy(), 1, Integer::sum);
    }
    long decided = pending.stream().filter(s -> latest.containsKey(s.job().spec().id())).count();
    b.append(
        String.format(
            Locale.ROOT,
            "%nWhat RunnerIQ advised (measured on this run: %s to %s simulated, %s):%n",
            from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            human(Duration.between(from, to))));
    b.append(
        String.format(
            Locale.ROOT,
            "  jobs that became pending  %d, of which RunnerIQ decided %d%n",
            pending.size(),
            decided));
    b.append(
        String.format(
            Locale.ROOT,
            "  decisions logged          %d: %s (%s)%n",
            decisions.size(),
            counts(actions),
            counts(decidedBy)));
    int withOutcome = 0;
    int followed = 0;
    for (var d : latest.values()) {
      Boolean f = d.followed();
      if (f != null) {
        withOutcome++;
        followed += f ? 1 : 0;
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  ran where advised         %d of %d assigned jobs with an outcome (GitLab's order"
                + " chose, RunnerIQ only advised)%n",
            followed,
            withOutcome));
    if (hookToAdvice.count() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "  advice after the pending hook  p50 %d ms, p95 %d ms, max %d ms over %d jobs%n",
              hookToAdvice.percentile(50).toMillis(),
              hookToAdvice.percentile(95).toMillis(),
              hookToAdvice.percentile(100).toMillis(),
              hookToAdvice.count()));
    }
    b.append("  wait under GitLab's order, by the tier RunnerIQ gave the job:\n");
    b.append(
        String.format(
            Locale.ROOT,
            "    %-9s %6s %9s %9s %9s %14s%n",
            "tier",
            "jobs",
            "mean",
            "p95",
            "max",
            "still pending"));
    var waits = new EnumMap<Tier, List<Long>>(Tier.class);
    var waiting = new EnumMap<Tier, Integer>(Tier.class);
    for (var s : pending) {
      String t = firstTier.get(s.job().spec().id());
      if (t == null || s.pendingAt() == null) {
        continue;
      }
      Tier tier = Tier.valueOf(t);
      if (s.startedAt() == null) {
        waiting.merge(tier, 1, Integer::sum);
      } else {
        waits
            .computeIfAbsent(tier, k -> new ArrayList<>())
            .add(Duration.between(s.pendingAt(), s.startedAt()).toMillis());
      }
    }
    for (Tier t : Tier.values()) {
      var st =
          Stats.ofMillis(
              waits.getOrDefault(t, List.of()).stream().mapToLong(Long::longValue).toArray());
      b.append(
          String.format(
              Locale.ROOT,
              "    %-9s %6d %9s %9s %9s %14d%n",
              t,
              st.n(),
              secs(st.mean()),
              secs(st.p95()),
              secs(st.max()),
              waiting.getOrDefault(t, 0)));
    }

    b.append(
        """

        What it would have saved (estimated, not measured on this run: the whole simulated day,
        the same workload, fleet and seed, replayed in the simulator under GitLab's own
        order (fair scheduling, as GitLab runs it), under plain FIFO, and under RunnerIQ's
        engine with carbon-aware placement and deferral, as this demo's service runs; tiers
        are the jobs' base tiers):
        """);
    var sim = new Simulator(engine);
    var world = sim.world(trace, fleet, Bundled.carbon());
    var result =
        sim.compare(
            world,
            List.of(Policies.FAIR, Policies.FIFO, Policies.RUNNERIQ_CARBON),
            seed,
            Simulator.ProgressFactory.NONE);
    var fair = java.util.Objects.requireNonNull(result.policies().get(Policies.FAIR));
    var fifo = java.util.Objects.requireNonNull(result.policies().get(Policies.FIFO));
    var riq = java.util.Objects.requireNonNull(result.policies().get(Policies.RUNNERIQ_CARBON));
    b.append(
        String.format(
            Locale.ROOT,
            "    %-9s %6s %30s %30s%n",
            "tier",
            "jobs",
            "mean wait fair / fifo → riq",
            "p95 wait fair / fifo → riq"));
    for (Tier t : Tier.values()) {
      var a = fair.tier(t);
      var f = fifo.tier(t);
      var r = riq.tier(t);
      b.append(
          String.format(
              Locale.ROOT,
              "    %-9s %6d %30s %30s%n",
              t,
              a.n(),
              secs(a.mean()) + " / " + secs(f.mean()) + " → " + secs(r.mean()),
              secs(a.p95()) + " / " + secs(f.p95()) + " → " + secs(r.p95())));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "    lead time of pipelines someone waits for (median)  %s / %s → %s%n",
            secs(fair.leadInteractive().p50()),
            secs(fifo.leadInteractive().p50()),
            secs(riq.leadInteractive().p50())));
    b.append(
        String.format(
            Locale.ROOT,
            "    CO2 of the day  %.1f / %.1f kg → %.1f kg (%+.0f%% against GitLab's order), energy"
                + " %.1f → %.1f kWh, %d jobs held for a greener hour%n",
            fair.co2Kg(),
            fifo.co2Kg(),
            riq.co2Kg(),
            fair.co2Kg() > 0 ? (riq.co2Kg() - fair.co2Kg()) / fair.co2Kg() * 100 : 0.0,
            fair.energyKwh(),
            riq.energyKwh(),
            riq.decisions().getOrDefault("deferred", 0L)));
    var none = riq.noCarbonData();
    if (none.jobs() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "    %d jobs ran on runners without carbon data (%.1f kWh): not counted in the CO2%n",
              none.jobs(),
              none.energyKwh()));
    }
    return b.toString();
  }

  static List<StoredDecision> decisions(AuditStore store) {
    var out = new ArrayList<StoredDecision>();
    for (int offset = 0; ; offset += 10_000) {
      var page =
          store.query(new DecisionQuery(null, null, null, null, null, null, null, 10_000, offset));
      out.addAll(page);
      if (page.size() < 10_000) {
        return out;
      }
    }
  }

  private static String counts(Map<String, Integer> m) {
    var parts = new ArrayList<String>();
    m.forEach((k, v) -> parts.add(k + " " + v));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  static String secs(double s) {
    if (s < 120) {
      return String.format(Locale.ROOT, "%.0fs", s);
    }
    if (s < 5_400) {
      return String.format(Locale.ROOT, "%.1fmin", s / 60);
    }
    return String.format(Locale.ROOT, "%.1fh", s / 3_600);
  }

  private static String human(Duration d) {
    return d.toMinutes() >= 60
        ? String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0)
        : d.toMinutes() + " min";
  }
}
