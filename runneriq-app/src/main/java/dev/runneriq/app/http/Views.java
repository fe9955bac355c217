package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.StoredDecision;
import dev.runneriq.store.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes the API serves, built from the live state. One place, so the API is consistent.
 */
public final class Views {
  private Views() {}

  public static ObjectNode queue(LiveState state) {
    var snap = state.snapshot();
    Map<Long, Decision> advice = byJob(state.decisions());
    var root = Documents.JSON.createObjectNode();
    root.put("now", snap.now().toString());
    root.put("refreshed_at", state.refreshedAt().toString());
    var skipped = state.gitlabSkipped();
    if (!skipped.isEmpty()) {
      var arr = root.putArray("skipped");
      skipped.forEach(arr::add);
    }
    if (state.staleReason() != null) {
      root.put("stale", state.staleReason());
    }
    var jobs = root.putArray("jobs");
    var ordered = new ArrayList<>(snap.jobs());
    ordered.sort(
        (a, b) -> {
          var da = advice.get(a.id());
          var db = advice.get(b.id());
          int sa = da == null ? -1 : da.priority().score();
          int sb = db == null ? -1 : db.priority().score();
          return sa != sb ? Integer.compare(sb, sa) : a.pendingSince().compareTo(b.pendingSince());
        });
    for (PendingJob j : ordered) {
      var o = jobs.addObject();
      o.put("job_id", j.id());
      o.put("name", j.name());
      o.put("stage", j.stage());
      o.put("project", j.project());
      o.put("pipeline_id", j.pipeline().id());
      o.put("ref", j.pipeline().ref());
      o.put("pending_since", j.pendingSince().toString());
      o.put("waiting_s", Duration.between(j.pendingSince(), snap.now()).toSeconds());
      var d = advice.get(j.id());
      if (d != null) {
        var full = DecisionFormat.write(d);
        o.set("priority", full.get("priority"));
        var a = o.putObject("advice");
        a.put("decision_id", d.id());
        a.put("action", d.action().wire());
        if (d.runnerId() != null) {
          a.put("runner_id", d.runnerId());
        }
        if (d.deferUntil() != null) {
          a.put("defer_until", d.deferUntil().toString());
        }
        a.put("decided_by", d.decidedBy().wire());
        a.put("explanation", d.explanation());
      }
    }
    return root;
  }

  public static ObjectNode fleet(LiveState state) {
    var snap = state.snapshot();
    var root = Documents.JSON.createObjectNode();
    root.put("now", snap.now().toString());
    var runners = root.putArray("runners");
    for (var r : snap.runners()) {
      var o = runners.addObject();
      o.put("id", r.id());
      o.put("name", r.name());
      o.put("runner_type", r.runnerType());
      var tags = o.putArray("tag_list");
      r.tagList().forEach(tags::add);
      o.put("online", r.online());
      o.put("paused", r.paused());
      o.put("concurrency", r.concurrency());
      o.put("running", r.running());
      o.put("load", Math.min(1.0, (double) r.running() / r.concurrency()));
      var stats = r.stats();
      if (stats == null) {
        o.putNull("success_rate");
      } else {
        o.put("success_rate", stats.successRate());
      }
      if (r.zone() == null) {
        o.putNull("zone");
        o.putNull("gco2_per_kwh");
      } else {
        o.put("zone", r.zone());
        var c = snap.carbon().get(r.zone());
        if (c == null) {
          o.putNull("gco2_per_kwh");
        } else {
          o.put("gco2_per_kwh", c.gco2PerKwh());
          o.put("carbon_stale", c.stale());
        }
      }
    }
    var provider = state.carbonProvider();
    if (provider == null) {
      root.putNull("carbon_provider");
    } else {
      root.put("carbon_provider", provider);
    }
    var zones = root.putObject("carbon");
    snap.carbon()
        .forEach(
            (zone, r) -> {
              var z = zones.putObject(zone);
              z.put("gco2_per_kwh", r.gco2PerKwh());
              z.put("at", r.at().toString());
              z.put("stale", r.stale());
              readings(z.putArray("history"), state.carbonHistory().get(zone));
              readings(z.putArray("forecast"), snap.forecast().get(zone));
            });
    var problems = root.putObject("carbon_problems");
    state.carbonProblems().forEach(problems::put);
    return root;
  }

  private static void readings(ArrayNode into, @Nullable List<CarbonReading> readings) {
    if (readings != null) {
      for (var r : readings) {
        into.addObject().put("at", r.at().toString()).put("gco2_per_kwh", r.gco2PerKwh());
      }
    }
  }

  /** One job's priority as {@code runneriq.scores/v1} lists it: score, tier and factor lines. */
  public static ObjectNode score(PendingJob job, Priority priority) {
    var o = Documents.JSON.createObjectNode();
    o.put("job_id", job.id());
    o.put("name", job.name());
    o.put("project", job.project());
    o.put("score", priority.score());
    o.put("tier", priority.tier().name());
    var factors = o.putArray("factors");
    for (var f : priority.factors()) {
      factors
          .addObject()
          .put("factor", f.factor())
          .put("points", f.points())
          .put("detail", f.detail());
    }
    return o;
  }

  public static ObjectNode stored(StoredDecision s) {
    try {
      var node = (ObjectNode) Documents.JSON.readTree(s.json());
      var o = s.outcome();
      if (o != null) {
        var out = node.putObject("outcome");
        out.put("status", o.status());
        if (o.runnerId() != null) {
          out.put("runner_id", o.runnerId());
        }
        if (o.waitedSeconds() != null) {
          out.put("waited_s", o.waitedSeconds());
        }
        if (s.followed() != null) {
          out.put("followed", s.followed());
        }
      }
      node.put("needs_review", s.needsReview());
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(500, "decision " + s.id() + " in the audit log is not valid JSON");
    }
  }

  /**
   * Wait now per tier (pending jobs), per window the audit log's sums ({@code window} gives them
   * for the decisions made since a moment), and the decisions of the last cycle by decided_by.
   */
  static ObjectNode stats(LiveState state, Function<Instant, WindowStats> window) {
    var snap = state.snapshot();
    var root = Documents.JSON.createObjectNode();
    root.put("now", snap.now().toString());
    Map<Long, Decision> advice = byJob(state.decisions());
    var waits = new EnumMap<Tier, List<Long>>(Tier.class);
    for (Tier t : Tier.values()) {
      waits.put(t, new ArrayList<>());
    }
    for (var j : snap.jobs()) {
      var d = advice.get(j.id());
      if (d != null) {
        waits
            .computeIfAbsent(d.priority().tier(), k -> new ArrayList<>())
            .add(Duration.between(j.pendingSince(), snap.now()).toSeconds());
      }
    }
    var now = root.putObject("waiting_now");
    waits.forEach((tier, list) -> summary(now.putObject(tier.name()), list));

    var windows = root.putObject("waited");
    for (var w : List.of(Duration.ofHours(1), Duration.ofHours(24))) {
      // each job counted once, by its latest decision in the window
      var sums = window.apply(snap.now().minus(w));
      var win = windows.putObject(w.toHours() + "h");
      for (Tier t : Tier.values()) {
        var o = win.putObject(t.name());
        var tier = sums.waits().get(t.name());
        o.put("jobs", tier == null ? 0 : tier.jobs());
        if (tier != null && tier.jobs() > 0) {
          o.put("p50_s", tier.p50());
          o.put("p95_s", tier.p95());
          o.put("max_s", tier.max());
        }
      }
      var by = win.putObject("decided_by");
      sums.decidedBy().forEach(by::put);
      Emissions.summarize(win.putObject("co2"), sums.finished(), state);
    }
    var cycle = root.putObject("last_cycle");
    var by = cycle.putObject("decided_by");
    var actions = cycle.putObject("actions");
    for (var d : state.decisions()) {
      by.put(d.decidedBy().wire(), by.path(d.decidedBy().wire()).asInt(0) + 1);
      actions.put(d.action().wire(), actions.path(d.action().wire()).asInt(0) + 1);
    }
    return root;
  }

  private static void summary(ObjectNode o, List<Long> values) {
    var sorted = new ArrayList<>(values);
    sorted.sort(null);
    o.put("jobs", sorted.size());
    if (sorted.isEmpty()) {
      return;
    }
    o.put("p50_s", nearestRank(sorted, 0.50));
    o.put("p95_s", nearestRank(sorted, 0.95));
    o.put("max_s", sorted.get(sorted.size() - 1));
  }

  static long nearestRank(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static Map<Long, Decision> byJob(List<Decision> decisions) {
    var m = new HashMap<Long, Decision>();
    decisions.forEach(d -> m.put(d.jobId(), d));
    return m;
  }

  static ArrayNode decisions(List<Decision> decisions) {
    var arr = Documents.JSON.createArrayNode();
    decisions.forEach(d -> arr.add(DecisionFormat.write(d)));
    return arr;
  }
}
