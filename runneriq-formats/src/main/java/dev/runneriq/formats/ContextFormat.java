package dev.runneriq.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The context snapshot ({@code runneriq.context/v1}): runners, pending jobs and the grid. */
public final class ContextFormat {
  public static final String FORMAT = "runneriq.context/v1";

  private ContextFormat() {}

  public static Snapshot read(Path file) {
    return parse(Documents.read(file), file.toString());
  }

  public static Snapshot parse(JsonNode doc, String source) {
    var root = Node.root(doc, source, 0);
    String format = root.optString("format");
    if (format != null && !format.equals(FORMAT)) {
      throw root.error(
          "format", "must be " + FORMAT + " (or absent), but was " + Printable.clip(format));
    }
    var now = root.time("now");
    var runners = FleetFormat.runners(root);
    var jobs = new ArrayList<PendingJob>();
    var ids = new HashSet<Long>();
    for (var n : root.objects("jobs", true)) {
      var job = pendingJob(n);
      if (!ids.add(job.id())) {
        throw n.error("id", "must be unique, but " + job.id() + " appears twice");
      }
      jobs.add(job);
    }
    var carbon = new LinkedHashMap<String, CarbonReading>();
    root.objectMap("carbon").forEach((zone, n) -> carbon.put(zone, reading(n)));
    var forecast = new LinkedHashMap<String, List<CarbonReading>>();
    root.objectListMap("forecast")
        .forEach(
            (zone, points) -> {
              var list = new ArrayList<CarbonReading>();
              points.forEach(p -> list.add(reading(p)));
              list.sort(java.util.Comparator.comparing(CarbonReading::at));
              forecast.put(zone, list);
            });
    var calibration = new LinkedHashMap<String, Calibration.Adjustment>();
    root.objectMap("calibration")
        .forEach(
            (project, n) ->
                calibration.put(
                    project,
                    new Calibration.Adjustment(
                        (int) n.integerBetween("points", -Calibration.MAX_POINTS, 0),
                        n.string("reason"))));
    return new Snapshot(now, runners, jobs, carbon, forecast, new Calibration(calibration));
  }

  private static CarbonReading reading(Node n) {
    double g = n.number("gco2_per_kwh");
    if (g < 0) {
      throw n.error("gco2_per_kwh", "must not be negative, but was " + g);
    }
    return new CarbonReading(g, n.time("at"), n.bool("stale", false));
  }

  /** A pending job of a context: the trace job fields plus id, pending_since and pipeline. */
  public static PendingJob pendingJob(Node n) {
    var pipeline = pipeline(n.object("pipeline"));
    return job(n, n.integer("id"), n.time("pending_since"), pipeline);
  }

  /** The job fields shared by the context and the trace formats. */
  public static PendingJob job(Node n, long id, java.time.Instant pendingSince, Pipeline pipeline) {
    String stage = n.string("stage");
    Environment env = null;
    var e = n.optObject("environment");
    if (e != null) {
      env = new Environment(e.string("name"), e.optString("tier"));
    }
    JobHistory history = null;
    var h = n.optObject("history");
    if (h != null) {
      long runs = h.integer("runs", 0);
      double p50 = h.seconds("duration_p50_s", 0);
      double failure = h.number("failure_rate", 0);
      if (runs < 0) {
        throw h.error("runs", "must not be negative, but was " + runs);
      }
      if (failure < 0 || failure > 1) {
        throw h.error("failure_rate", "must be between 0 and 1, but was " + failure);
      }
      history = new JobHistory(runs, p50, failure);
    }
    Long timeout = null;
    if (n.has("timeout_s")) {
      double t = n.seconds("timeout_s");
      if (t <= 0) {
        throw n.error("timeout_s", "must be positive, but was " + t);
      }
      timeout = Math.round(t);
    }
    return new PendingJob(
        id,
        n.string("name"),
        stage,
        n.strings("tag_list"),
        pendingSince,
        timeout,
        env,
        n.stringMap("variables"),
        pipeline,
        history,
        n.bool("interruptible", false));
  }

  /** The pipeline fields shared by the context and the trace formats. */
  public static Pipeline pipeline(Node n) {
    return new Pipeline(
        n.integer("id"),
        n.string("project"),
        n.string("ref"),
        n.string("ref_kind"),
        n.bool("protected", false),
        n.bool("default_branch", false),
        n.string("source"),
        n.optString("user"),
        n.bool("user_is_bot", false),
        n.strings("stages"));
  }

  /** The snapshot as a context document. */
  public static ObjectNode write(Snapshot s) {
    var root = Documents.JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("now", s.now().toString());
    var runners = root.putArray("runners");
    s.runners().forEach(r -> FleetFormat.writeRunner(runners, r, true));
    var jobs = root.putArray("jobs");
    for (var j : s.jobs()) {
      var o = jobs.addObject();
      o.put("id", j.id());
      o.put("name", j.name());
      o.put("stage", j.stage());
      var tags = o.putArray("tag_list");
      j.tagList().forEach(tags::add);
      o.put("pending_since", j.pendingSince().toString());
      if (j.timeoutS() != null) {
        o.put("timeout_s", j.timeoutS());
      }
      var env = j.environment();
      if (env != null) {
        var eo = o.putObject("environment");
        eo.put("name", env.name());
        putNullable(eo, "tier", env.tier());
      }
      if (!j.variables().isEmpty()) {
        var vo = o.putObject("variables");
        j.variables().forEach(vo::put);
      }
      if (j.interruptible()) {
        o.put("interruptible", true);
      }
      writePipeline(o.putObject("pipeline"), j.pipeline());
      var h = j.history();
      if (h != null) {
        var ho = o.putObject("history");
        ho.put("runs", h.runs());
        ho.put("duration_p50_s", h.durationP50S());
        ho.put("failure_rate", h.failureRate());
      }
    }
    var carbon = root.putObject("carbon");
    s.carbon().forEach((zone, r) -> writeReading(carbon.putObject(zone), r));
    var forecast = root.putObject("forecast");
    for (Map.Entry<String, List<CarbonReading>> e : s.forecast().entrySet()) {
      var arr = forecast.putArray(e.getKey());
      e.getValue().forEach(r -> writeReading(arr.addObject(), r));
    }
    if (!s.calibration().projects().isEmpty()) {
      var calibration = root.putObject("calibration");
      s.calibration()
          .projects()
          .forEach(
              (project, a) -> {
                var o = calibration.putObject(project);
                o.put("points", a.points());
                o.put("reason", a.reason());
              });
    }
    return root;
  }

  static void writePipeline(ObjectNode o, Pipeline p) {
    o.put("id", p.id());
    o.put("project", p.project());
    o.put("ref", p.ref());
    o.put("ref_kind", p.refKind());
    o.put("protected", p.protectedRef());
    o.put("default_branch", p.defaultBranch());
    o.put("source", p.source());
    putNullable(o, "user", p.user());
    o.put("user_is_bot", p.userIsBot());
    var stages = o.putArray("stages");
    p.stages().forEach(stages::add);
  }

  private static void writeReading(ObjectNode o, CarbonReading r) {
    o.put("at", r.at().toString());
    o.put("gco2_per_kwh", r.gco2PerKwh());
    if (r.stale()) {
      o.put("stale", true);
    }
  }

  private static void putNullable(ObjectNode o, String field, @Nullable String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
