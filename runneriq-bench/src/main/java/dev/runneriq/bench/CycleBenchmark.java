package dev.runneriq.bench;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Snapshot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One full scheduling cycle on one thread: score every pending job, rank, place each in turn
 * (consuming slots), settle near-ties by the rule order and render every explanation. Target: at
 * most 250 ms for 10,000 jobs over 1,000 runners.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CycleBenchmark {
  static final int RUNNERS = 1_000;
  static final int JOBS = 10_000;

  // Built when JMH creates the state, before any measurement.
  private final Engine engine = Engine.standard(EngineConfig.DEFAULT);
  private final Snapshot snapshot = Workload.snapshot(RUNNERS, JOBS, Workload.SEED);

  @Benchmark
  public List<Decision> decideCycle() {
    return engine.decide(snapshot, 42L);
  }
}
