package dev.runneriq.bench;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Placement;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.Scarcity;
import dev.runneriq.core.placement.ScoringInputs;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Placing one docker build job over a fleet: every filter on every runner, the four default scorers
 * over the feasible ones, normalization, weighting, top-5 ranking and the rejection histogram.
 * Target: median at most 50 µs for 1,000 runners.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlacementBenchmark {
  static final int RUNNERS = 1_000;

  // Built when JMH creates the state, before any measurement.
  private final Snapshot snapshot = Workload.snapshot(RUNNERS, 0, Workload.SEED);
  private final Engine engine = Engine.standard(EngineConfig.DEFAULT);
  private final List<Runner> fleet =
      snapshot.runners().stream().sorted(Comparator.comparingLong(Runner::id)).toList();
  private final Scarcity scarcity =
      Scarcity.of(fleet, EngineConfig.DEFAULT.placement().reserve().rareShare());
  private final Placement placement = engine.newPlacement(scarcity);
  private final PendingJob job = Workload.dockerBuild();
  private final ScoringInputs inputs =
      new ScoringInputs(
          snapshot.carbon(), EngineConfig.DEFAULT.placement().defaultSuccessRate(), scarcity);

  /** A fresh pipeline: nothing cached, every filter on every runner. */
  @Benchmark
  public PlacementResult placeOneJob() {
    return engine.newPlacement(scarcity).place(job, Tier.HIGH, fleet, inputs);
  }

  /**
   * The pipeline of a running cycle that has already seen a job like this one: the permanent
   * filters' verdicts are reused, the free-slot check, scoring and ranking are done again.
   */
  @Benchmark
  public PlacementResult placeOneJobInCycle() {
    return placement.place(job, Tier.HIGH, fleet, inputs);
  }
}
