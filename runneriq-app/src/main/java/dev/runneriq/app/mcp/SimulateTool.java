package dev.runneriq.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.formats.Printable;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.Policies;
import dev.runneriq.sim.Simulator;
import dev.runneriq.sim.report.ResultJson;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code simulate} tool: a preset or an inline trace, cut to the earliest pipelines up to
 * {@code max_jobs} jobs so an answer comes in seconds, on the bundled fleet and carbon series.
 */
final class SimulateTool {
  static final List<String> DEFAULT_POLICIES = List.of(Policies.FIFO, Policies.RUNNERIQ);

  private final Engine engine;

  SimulateTool(Engine engine) {
    this.engine = engine;
  }

  JsonNode run(Args args) {
    String preset = args.string("preset");
    String inline = args.string("trace");
    if (preset != null && inline != null) {
      throw new ToolError("trace", "cannot be given together with preset; choose one");
    }
    long seed = args.integer("seed", 42, 0, Long.MAX_VALUE);
    int maxJobs = (int) args.integer("max_jobs", 400, 1, 2000);
    var simulator = new Simulator(engine);
    List<String> policies = args.strings("policies", DEFAULT_POLICIES);
    for (String p : policies) {
      if (!simulator.policies().all().containsKey(p)) {
        throw new ToolError(
            "policies",
            "names an unknown policy '"
                + Printable.clip(p)
                + "'; known: "
                + String.join(", ", simulator.policies().all().keySet()));
      }
    }
    Trace trace =
        inline != null ? parse(inline) : preset(preset == null ? "busy-day" : preset, seed);
    var cut = cut(trace, maxJobs);
    if (cut.jobCount() == 0) {
      throw new ToolError("trace", "holds no job");
    }
    var world = simulator.world(cut, Bundled.fleet(), Bundled.carbon());
    var result = simulator.compare(world, policies, seed, Simulator.ProgressFactory.NONE);
    var out = ResultJson.write(result);
    out.put("cut_to_jobs", cut.jobCount());
    out.put("jobs_in_workload", trace.jobCount());
    return out;
  }

  private static Trace preset(String name, long seed) {
    if (!WorkloadPresets.NAMES.contains(name)) {
      throw new ToolError(
          "preset",
          "must be one of "
              + String.join(", ", WorkloadPresets.NAMES)
              + ", but was "
              + Printable.clip(name));
    }
    return WorkloadPresets.generate(name, seed);
  }

  private static Trace parse(String jsonLines) {
    try {
      return TraceFormat.parse(
          new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)), "trace");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The earliest pipelines whose jobs add up to at most {@code maxJobs}. */
  static Trace cut(Trace trace, int maxJobs) {
    var kept = new ArrayList<TracePipeline>();
    int jobs = 0;
    for (var p : trace.pipelines()) {
      if (jobs + p.jobs().size() > maxJobs) {
        break;
      }
      kept.add(p);
      jobs += p.jobs().size();
    }
    return new Trace(trace.source(), kept);
  }
}
