package dev.runneriq.sim;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.carbon.ForecastError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Runs several policies on the same trace, fleet, carbon series and seed. */
public final class Simulator {
  /** Gives each policy's run its own progress listener. */
  @FunctionalInterface
  public interface ProgressFactory {
    ProgressFactory NONE = name -> Simulation.Progress.NONE;

    Simulation.Progress forPolicy(String name);
  }

  private final Engine engine;
  private final Policies policies;

  public Simulator(EngineConfig config) {
    this(config, ForecastError.DEFAULT_SIGMA);
  }

  /**
   * With the relative forecast error {@code runneriq-carbon} assumes where a series has no
   * forecast.
   */
  public Simulator(EngineConfig config, double forecastSigma) {
    this(Engine.standard(config), forecastSigma);
  }

  /**
   * The runneriq policies run on {@code engine} (the factory's, its tie-breaker included), through
   * its own per-job step.
   */
  public Simulator(Engine engine) {
    this(engine, ForecastError.DEFAULT_SIGMA);
  }

  public Simulator(Engine engine, double forecastSigma) {
    this.engine = engine;
    this.policies = Policies.standard(engine, forecastSigma);
  }

  /** The engine the runneriq policies run on. */
  Engine engine() {
    return engine;
  }

  public Policies policies() {
    return policies;
  }

  /** Compiles the trace and fleet once; unknown policy names fail before anything runs. */
  public World world(Trace trace, List<Runner> fleet, CarbonSeries carbon) {
    return world(trace, Fleet.of(fleet), carbon);
  }

  /** As {@link #world(Trace, List, CarbonSeries)}, with what the fleet file tells the simulator. */
  public World world(Trace trace, Fleet fleet, CarbonSeries carbon) {
    return new World(trace, fleet, carbon, engine.analyzer());
  }

  public SimResult compare(World world, List<String> names, long seed, ProgressFactory progress) {
    var factories = new ArrayList<Policy.Factory>();
    names.forEach(n -> factories.add(policies.get(n)));
    var results = new LinkedHashMap<String, PolicyResult>();
    long lastEnd = 0;
    for (int i = 0; i < names.size(); i++) {
      var sim = new Simulation(world, factories.get(i), seed, progress.forPolicy(names.get(i)));
      sim.run();
      var r = Metrics.measure(names.get(i), sim);
      results.put(names.get(i), r);
      lastEnd = Math.max(lastEnd, Math.round(r.makespanS() * 1000));
    }
    var trace = world.trace();
    return new SimResult(
        trace.source(),
        world.pipelineCount(),
        world.jobCount(),
        world.start(),
        world.start().plusMillis(lastEnd),
        world.runners.length,
        world.slots(),
        List.copyOf(world.carbon().zones()),
        world.runnersWithoutCarbonData(),
        world.shiftWeeks(),
        seed,
        results);
  }
}
