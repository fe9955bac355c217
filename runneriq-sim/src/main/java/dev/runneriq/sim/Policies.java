package dev.runneriq.sim;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Tier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies a simulation can compare, by name (sim-result.md). A policy is just a name and a
 * factory; carbon-aware policies register here when they exist.
 */
public final class Policies {
  public static final String FIFO = "fifo";
  public static final String FAIR = "fair";
  public static final String RUNNERIQ = "runneriq";
  public static final String CRITICAL_ONLY = "critical-only";

  /** What {@code simulate} compares when not told otherwise. */
  public static final List<String> DEFAULT = List.of(FIFO, FAIR, RUNNERIQ, CRITICAL_ONLY);

  private final Map<String, Policy.Factory> factories = new LinkedHashMap<>();

  private Policies() {}

  /** The built-in policies, RunnerIQ's running on {@code engine}. */
  public static Policies standard(Engine engine) {
    var p = new Policies();
    p.register(FIFO, sim -> new GitLabOrder(sim, false, j -> false));
    p.register(FAIR, sim -> new GitLabOrder(sim, true, j -> false));
    p.register(RUNNERIQ, sim -> new RunnerIqPolicy(sim, engine));
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

  public Map<String, Policy.Factory> all() {
    return Collections.unmodifiableMap(factories);
  }

  /** The factory of {@code name}; an unknown name is an error listing the known ones. */
  public Policy.Factory get(String name) {
    var f = factories.get(name);
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
