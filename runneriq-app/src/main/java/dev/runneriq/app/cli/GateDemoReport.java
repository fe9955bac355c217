package dev.runneriq.app.cli;

import static dev.runneriq.app.cli.DemoReport.secs;

import dev.runneriq.core.model.Tier;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.Stats;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.ActionState;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoredAction;
import dev.runneriq.store.StoredDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code runneriq demo --mode gate --minutes N} prints at the end: the waits measured on the
 * gated run next to those measured on the same demo in advisory mode (the same workload, seed and
 * window), per tier; the two targets, met or missed; and what the gate did.
 *
 * <p>A job's wait runs from when it was ready (its stage or needs done) to when it started, so the
 * time the template held it counts; both runs are cut at the same simulated instant, and a job that
 * had not started by then counts as still waiting. Its tier is the one RunnerIQ's engine gave it in
 * its first logged decision in either run (both engines have the same configuration).
 */
final class GateDemoReport {
  /** CRITICAL p95 on the gated run: at least this far below advisory's. */
  static final double CRITICAL_P95_CUT = 0.60;

  /** LOW p99 on the gated run: at most this many times advisory's. */
  static final double LOW_P99_MAX = 1.5;

  /** One run: the simulated GitLab it ran against, and its audit log. */
  record Side(LiveSim live, AuditStore store) {}

  /** One run's waits per tier at the window's end. */
  private record Column(Map<Tier, Stats> waits, Map<Tier, Integer> waiting, int untiered) {
    Stats of(Tier t) {
      return waits.getOrDefault(t, Stats.EMPTY);
    }
  }

  private GateDemoReport() {}

  static String render(Instant from, Instant to, Side advisory, Side gate) {
    var tiers = firstTiers(advisory.store(), gate.store());
    var adv = column(advisory.live().becameReady(from, to), tiers, to, id -> true);
    var gated = column(gate.live().becameReady(from, to), tiers, to, id -> true);
    var b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nMeasured on both runs (%s to %s simulated, %d min; the same workload, seed and"
                + " window):%n"
                + "  wait = from when the job was ready (its stage or needs done) to when it"
                + " started; time held by the%n"
                + "  template counts. By the tier RunnerIQ gave the job (its first logged"
                + " decision):%n",
            from.truncatedTo(ChronoUnit.SECONDS),
            to.truncatedTo(ChronoUnit.SECONDS),
            Duration.between(from, to).toMinutes()));
    b.append(
        String.format(
            Locale.ROOT,
            "    %-9s %-9s %6s %9s %9s %9s %9s %9s %14s%n",
            "tier",
            "run",
            "jobs",
            "mean",
            "p50",
            "p95",
            "p99",
            "max",
            "still waiting"));
    for (Tier t : Tier.values()) {
      row(b, t.name(), "advisory", adv.of(t), adv.waiting().getOrDefault(t, 0));
      row(b, "", "gate", gated.of(t), gated.waiting().getOrDefault(t, 0));
    }
    if (adv.untiered() + gated.untiered() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "    not counted: jobs without a logged decision, %d (advisory) and %d (gate)%n",
              adv.untiered(),
              gated.untiered()));
    }
    b.append("  the targets:\n");
    var ac = adv.of(Tier.CRITICAL);
    var gc = gated.of(Tier.CRITICAL);
    b.append(
        target(
            "CRITICAL p95",
            ac.n() > 0 && gc.n() > 0,
            ac.p95(),
            gc.p95(),
            ac.p95() > 0 ? change(gc.p95() / ac.p95()) : "advisory's is 0s",
            gc.p95() <= (1 - CRITICAL_P95_CUT) * ac.p95(),
            "at least 60% below advisory's"));
    var al = adv.of(Tier.LOW);
    var gl = gated.of(Tier.LOW);
    b.append(
        target(
            "LOW p99",
            al.n() > 0 && gl.n() > 0,
            al.p99(),
            gl.p99(),
            al.p99() > 0
                ? String.format(Locale.ROOT, "%.2f× advisory's", gl.p99() / al.p99())
                : "advisory's is 0s",
            gl.p99() <= LOW_P99_MAX * al.p99(),
            "at most 1.5× advisory's"));
    b.append(greener(gate, from, to, tiers));
    b.append(gateCounts(gate, from, to));
    return b.toString();
  }

  /** A ratio of gate to advisory in words: {@code 74% below}, {@code 174% above}. */
  static String change(double ratio) {
    long pct = Math.round((1 - ratio) * 100);
    return pct >= 0 ? pct + "% below" : -pct + "% above";
  }

  private static void row(StringBuilder b, String tier, String run, Stats s, int waiting) {
    b.append(
        String.format(
            Locale.ROOT,
            "    %-9s %-9s %6d %9s %9s %9s %9s %9s %14d%n",
            tier,
            run,
            s.n(),
            secs(s.mean()),
            secs(s.p50()),
            secs(s.p95()),
            secs(s.p99()),
            secs(s.max()),
            waiting));
  }

  private static String target(
      String name,
      boolean measured,
      double advisory,
      double gate,
      String ratio,
      boolean met,
      String goal) {
    if (!measured) {
      return String.format(
          Locale.ROOT,
          "    %-13s not measured: no such job started in one of the runs (target: %s)%n",
          name,
          goal);
    }
    return String.format(
        Locale.ROOT,
        "    %-13s advisory %s, gate %s: %s (target: %s)  %s%n",
        name,
        secs(advisory),
        secs(gate),
        ratio,
        goal,
        met ? "met" : "missed");
  }

  /** The gate's plays over the whole run, from its action log, and the floors in the window. */
  private static String gateCounts(Side gate, Instant from, Instant to) {
    var plays = plays(gate.store());
    var jobs = new HashSet<Long>();
    int done = 0;
    int refused = 0;
    int unanswered = 0;
    for (var a : plays) {
      if (a.jobId() != null) {
        jobs.add(a.jobId());
      }
      if (a.state() == ActionState.DONE) {
        done++;
      } else if (a.httpStatus() != null && a.httpStatus() > 0) {
        refused++; // GitLab answered with an error
      } else {
        unanswered++;
      }
    }
    int floors = 0;
    for (var r : gate.live().becameReady(from, to)) {
      Instant pending = r.job().pendingAt();
      if (r.byFloor() && pending != null && !pending.isAfter(to)) {
        floors++;
      }
    }
    return String.format(
            Locale.ROOT,
            "  the gate: plays sent %d (to %d jobs), answered done %d, refused %d, without an answer"
                + " %d;%n"
                + "    held jobs started by their floor (pending without a play) %d%n",
            plays.size(),
            jobs.size(),
            done,
            refused,
            unanswered,
            floors)
        + preemptions(gate);
  }

  /**
   * The cancellations and retries sent, and the runner time the cancelled runs had used, as the
   * simulated GitLab ran them (from start to cancel); empty when none was sent.
   */
  private static String preemptions(Side gate) {
    var cancels = actions(gate.store(), "cancel");
    if (cancels.isEmpty()) {
      return "";
    }
    long done = cancels.stream().filter(a -> a.state() == ActionState.DONE).count();
    long retried =
        actions(gate.store(), "retry").stream().filter(a -> a.state() == ActionState.DONE).count();
    long lostMs = 0;
    for (var a : cancels) {
      var job = a.jobId() == null ? null : gate.live().job(a.jobId()).orElse(null);
      if (a.state() == ActionState.DONE
          && job != null
          && job.startedAt() != null
          && job.finishedAt() != null) {
        lostMs += Duration.between(job.startedAt(), job.finishedAt()).toMillis();
      }
    }
    return String.format(
        Locale.ROOT,
        "  preemption: cancellations sent %d (done %d), retries done %d; runner time lost %s%n",
        cancels.size(),
        done,
        retried,
        secs(lostMs / 1000.0));
  }

  private static List<StoredAction> plays(AuditStore store) {
    return actions(store, "play");
  }

  /** The actions of {@code kind} sent to GitLab (dry runs left out), newest first. */
  private static List<StoredAction> actions(AuditStore store, String kind) {
    var out = new ArrayList<StoredAction>();
    for (int offset = 0; ; offset += 10_000) {
      var page =
          store
              .actions()
              .query(new ActionQuery(null, null, kind, null, null, null, 10_000, offset));
      page.stream().filter(a -> a.state() != ActionState.DRY_RUN).forEach(out::add);
      if (page.size() < 10_000) {
        return out;
      }
    }
  }

  /** Each job's tier in its earliest logged decision in either store. */
  private static Map<Long, Tier> firstTiers(AuditStore a, AuditStore b) {
    var first = new HashMap<Long, StoredDecision>();
    for (var store : List.of(a, b)) {
      for (var d : DemoReport.decisions(store)) {
        first.merge(d.jobId(), d, (x, y) -> y.at().isBefore(x.at()) ? y : x);
      }
    }
    var out = new HashMap<Long, Tier>();
    first.forEach((id, d) -> out.put(id, Tier.valueOf(d.tier())));
    return out;
  }

  /**
   * The gate run's jobs the engine deferred for a greener hour (delay-tolerant work, held up to its
   * floor by choice), per tier, and LOW p99 without them; empty when none was.
   */
  private static String greener(Side gate, Instant from, Instant to, Map<Long, Tier> tiers) {
    var deferred = new HashSet<Long>();
    for (var d : DemoReport.decisions(gate.store())) {
      if (d.action().equals("defer")) {
        deferred.add(d.jobId());
      }
    }
    var ready = gate.live().becameReady(from, to);
    var counts = new EnumMap<Tier, Integer>(Tier.class);
    for (var r : ready) {
      long id = r.job().job().spec().id();
      Tier t = tiers.get(id);
      if (t != null && deferred.contains(id)) {
        counts.merge(t, 1, Integer::sum);
      }
    }
    if (counts.isEmpty()) {
      return "";
    }
    var rest = column(ready, tiers, to, id -> !deferred.contains(id)).of(Tier.LOW);
    var per = new StringBuilder();
    counts.forEach((t, n) -> per.append(per.isEmpty() ? "" : ", ").append(t).append(' ').append(n));
    return String.format(
        Locale.ROOT,
        "  held for a greener hour by choice (delay-tolerant jobs the engine deferred, at most to"
            + " their floor): %s;%n    LOW p99 of the gate run without them: %s%n",
        per,
        rest.n() > 0 ? secs(rest.p99()) : "no such job");
  }

  private static Column column(
      List<LiveSim.Ready> ready,
      Map<Long, Tier> tiers,
      Instant to,
      java.util.function.LongPredicate counted) {
    var waits = new EnumMap<Tier, List<Long>>(Tier.class);
    var waiting = new EnumMap<Tier, Integer>(Tier.class);
    int untiered = 0;
    for (var r : ready) {
      if (!counted.test(r.job().job().spec().id())) {
        continue;
      }
      Tier tier = tiers.get(r.job().job().spec().id());
      if (tier == null) {
        untiered++;
        continue;
      }
      Instant started = r.job().startedAt();
      if (started == null || started.isAfter(to)) {
        waiting.merge(tier, 1, Integer::sum);
      } else {
        waits
            .computeIfAbsent(tier, k -> new ArrayList<>())
            .add(Duration.between(r.readyAt(), started).toMillis());
      }
    }
    var stats = new EnumMap<Tier, Stats>(Tier.class);
    waits.forEach(
        (t, ms) -> stats.put(t, Stats.ofMillis(ms.stream().mapToLong(Long::longValue).toArray())));
    return new Column(stats, waiting, untiered);
  }
}
