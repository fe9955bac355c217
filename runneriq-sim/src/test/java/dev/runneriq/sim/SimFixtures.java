package dev.runneriq.sim;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.formats.TraceFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Traces and fleets written to real files, read back, compiled and run. */
final class SimFixtures {
  private SimFixtures() {}

  static final String T0 = "2026-03-02T09:00:00Z";

  /** A one-stage pipeline line: {@code jobs} is the inside of the jobs array. */
  static String pipeline(long id, String project, String created, String jobs) {
    return pipeline(id, project, created, "[\"test\"]", jobs, "");
  }

  static String pipeline(
      long id, String project, String created, String stages, String jobs, String extra) {
    return "{\"id\": "
        + id
        + ", \"project\": \""
        + project
        + "\", \"ref\": \"feature/x\", \"ref_kind\": \"branch\", \"source\": \"push\","
        + " \"created_at\": \""
        + created
        + "\", \"stages\": "
        + stages
        + extra
        + ", \"jobs\": ["
        + jobs
        + "]}";
  }

  static String job(long id, String name, String stage, double duration, String extra) {
    return "{\"id\": "
        + id
        + ", \"name\": \""
        + name
        + "\", \"stage\": \""
        + stage
        + "\", \"duration_s\": "
        + duration
        + extra
        + "}";
  }

  static Path write(Path dir, String name, List<String> lines) {
    try {
      return Files.write(dir.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Runner> fleet(Path dir, String yaml) {
    return FleetFormat.read(write(dir, "fleet.yaml", List.of(yaml)));
  }

  static World world(Path dir, List<String> trace, List<Runner> fleet) {
    return world(dir, trace, Fleet.of(fleet));
  }

  /** A fleet file as the simulator reads it, with what only the simulator reads of each runner. */
  static Fleet simFleet(Path dir, String yaml) {
    return FleetFormat.readFleet(write(dir, "fleet.yaml", List.of(yaml)));
  }

  static World world(Path dir, List<String> trace, Fleet fleet) {
    var t = TraceFormat.read(write(dir, "trace.jsonl", trace));
    return new Simulator(EngineConfig.DEFAULT).world(t, fleet, CarbonSeries.empty());
  }

  static Simulation run(World world, String policy, long seed) {
    var sim =
        new Simulation(
            world,
            new Simulator(EngineConfig.DEFAULT).policies().get(policy),
            seed,
            Simulation.Progress.NONE);
    sim.run();
    return sim;
  }

  /** Job ids in the order they started. */
  static List<Long> startOrder(Simulation sim) {
    var w = sim.world();
    Integer[] idx = new Integer[w.jobCount()];
    Arrays.setAll(idx, i -> i);
    return Arrays.stream(idx)
        .filter(sim::ran)
        .sorted(Comparator.comparingLong(j -> sim.startSeq[j]))
        .map(j -> w.jobs[j].id())
        .toList();
  }

  static int index(World w, long jobId) {
    for (int j = 0; j < w.jobCount(); j++) {
      if (w.jobs[j].id() == jobId) {
        return j;
      }
    }
    throw new IllegalArgumentException("no job " + jobId);
  }
}
