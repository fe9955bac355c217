package dev.runneriq.sim;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Tier;
import dev.runneriq.optimizer.Honesty;
import dev.runneriq.optimizer.HonestyConfig;
import dev.runneriq.optimizer.LearnConfig;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.sim.carbon.ForecastError;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The policies a simulation can compare, by name (docs/formats/sim-result.md). A policy is just a
 * name and a factory; carbon-aware policies register here when they exist.
 */
public final class Policies {
  public static final String FIFO = "fifo";
  public static final String FAIR = "fair";
  public static final String RUNNERIQ = "runneriq";
  public static final String CRITICAL_ONLY = "critical-only";
  public static final String RUNNERIQ_CARBON = "runneriq-carbon";
  public static final String ORACLE_CARBON = "oracle-carbon";
  public static final String CARBON_PLACEMENT = "carbon-placement";
  public static final String RUNNERIQ_LEARN = "runneriq-learn";
  public static final String RUNNERIQ_GATE = "runneriq-gate";
  public static final String RUNNERIQ_GATE_PREEMPT = "runneriq-gate-preempt";

  /** What {@code simulate} compares when not told otherwise. */
  public static final List<String> DEFAULT =
      List.of(FIFO, FAIR, RUNNERIQ, RUNNERIQ_CARBON, ORACLE_CARBON, CRITICAL_ONLY);

  private final Map<String, Policy.Factory> factories = new LinkedHashMap<>();
  private final Map<String, GateModel> gateModels = new LinkedHashMap<>();
  private final Map<String, Function<GateModel, Policy.Factory>> gates = new LinkedHashMap<>();

  private Policies() {}

  /** The built-in policies, RunnerIQ's running on {@code engine}, the default forecast error. */
  public static Policies standard(Engine engine) {
    return standard(engine, ForecastError.DEFAULT_SIGMA);
  }

  /**
   * The built-in policies; {@code runneriq-carbon} forecasts the series with a multiplicative error
   * of standard deviation {@code forecastSigma} (seeded by the run's seed) where the series has no
   * forecast rows of its own. {@code oracle-carbon} knows the future series and each job's true run
   * time, and defers for any saving (no minimum, no forecast error to allow for): with jobs that do
   * not compete for runners, no start it could choose emits more than the forecast's choice.
   */
  public static Policies standard(Engine engine, double forecastSigma) {
    var p = new Policies();
    p.register(FIFO, sim -> new GitLabOrder(sim, false, j -> false));
    p.register(FAIR, sim -> new GitLabOrder(sim, true, j -> false));
    p.register(RUNNERIQ, sim -> new RunnerIqPolicy(sim, engine));
    // the same, with the Optimizer learning runner health and speed and job history from its runs
    p.register(
        RUNNERIQ_LEARN,
        sim ->
            new RunnerIqPolicy(
                sim,
                engine,
                null,
                false,
                new Learner(LearnConfig.DEFAULT),
                new Honesty(HonestyConfig.DEFAULT, engine.analyzer())));
    // gate mode: the same engine orders the held jobs, GitLab's fair dispatch places them
    p.gate(RUNNERIQ_GATE, GateModel.DEFAULT, m -> GatePolicy.factory(engine, m));
    p.gate(RUNNERIQ_GATE_PREEMPT, GateModel.PREEMPTING, m -> GatePolicy.factory(engine, m));
    var carbon = engine.config().carbon();
    var horizon = carbon.forecastHorizon();
    p.register(
        RUNNERIQ_CARBON,
        sim ->
            new RunnerIqPolicy(
                sim,
                engine,
                CarbonDeferrals.forecasting(
                    sim.world(), horizon, new ForecastError(forecastSigma, sim.seed())),
                false));
    var oracle = engine.withCarbon(carbon.with(0, 0));
    p.register(
        ORACLE_CARBON,
        sim -> new RunnerIqPolicy(sim, oracle, CarbonDeferrals.oracle(sim.world(), horizon), true));
    // reference point: the carbon scorer sees intensity now, nothing is ever held
    var placementOnly =
        engine.withCarbon(
            new CarbonPolicy(
                Map.of(), Duration.ZERO, carbon.tolerance(), 0, 0, carbon.defaultJobDuration()));
    p.register(
        CARBON_PLACEMENT,
        sim ->
            new RunnerIqPolicy(
                sim,
                placementOnly,
                CarbonDeferrals.forecasting(sim.world(), horizon, ForecastError.NONE),
                false));
    p.register(
        CRITICAL_ONLY,
        sim -> new GitLabOrder(sim, true, j -> sim.world().tierOf(j) != Tier.CRITICAL));
    return p;
  }

  public Policies register(String name, Policy.Factory factory) {
    if (factories.putIfAbsent(name, factory) != null) {
      throw new IllegalArgumentException("policy " + name + " is registered twice");
    }
    return this;
  }

  /**
   * Registers a gate policy on {@code model}; its variants are named {@code name:option=value...}
   * ({@link GateModel#with}).
   */
  private void gate(String name, GateModel model, Function<GateModel, Policy.Factory> factory) {
    register(name, factory.apply(model));
    gateModels.put(name, model);
    gates.put(name, factory);
  }

  public Map<String, Policy.Factory> all() {
    return Collections.unmodifiableMap(factories);
  }

  /**
   * The factory of {@code name}, or of a gate policy's variant such as {@code runneriq-gate:k=0};
   * an unknown name is an error listing the known ones.
   */
  public Policy.Factory get(String name) {
    var f = factories.get(name);
    String[] parts = name.split(":");
    var base = gateModels.get(parts[0]);
    if (f == null && base != null && parts.length > 1) {
      var model = base;
      for (int i = 1; i < parts.length; i++) {
        model = model.with(parts[i]);
      }
      return java.util.Objects.requireNonNull(gates.get(parts[0]), "gate").apply(model);
    }
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown policy '"
              + name
              + "'; known policies: "
              + String.join(", ", factories.keySet()));
    }
    return f;
  }
}
