package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The simulator's RunnerIQ policies decide through the engine's own per-job step: at every dispatch
 * of a busy day, the engine given the same state (the pending jobs with their waiting times, the
 * runners with their loads, the grid) assigns the same jobs to the same runners as the policy
 * starts, runner by runner.
 */
class OneEngineTest {

  @Test
  void onTheBusyDayTheEngineAndTheSimulatorMakeTheSameAssignments() {
    var engine = Engine.standard(EngineConfig.DEFAULT);
    int compared = compare(engine, sim -> new RunnerIqPolicy(sim, engine), false);
    assertThat(compared).isGreaterThan(1_000);
  }

  @Test
  void withTheGridTooTheyMakeTheSameAssignments() {
    // carbon placement without holds: the grid at each dispatch is the engine's input too
    var carbon = EngineConfig.DEFAULT.carbon();
    var engine =
        Engine.standard(EngineConfig.DEFAULT)
            .withCarbon(
                new CarbonPolicy(
                    Map.of(),
                    Duration.ZERO,
                    carbon.tolerance(),
                    0,
                    0,
                    carbon.defaultJobDuration()));
    int compared =
        compare(
            engine,
            sim ->
                new RunnerIqPolicy(
                    sim,
                    engine,
                    CarbonDeferrals.forecasting(
                        sim.world(), carbon.forecastHorizon(), ForecastError.NONE),
                    false),
            true);
    assertThat(compared).isGreaterThan(1_000);
  }

  /**
   * Runs the busy day under {@code policy}, and before each dispatch asks {@code engine} about the
   * same state; returns how many assignments were compared.
   */
  private static int compare(
      Engine engine, Function<Simulation, RunnerIqPolicy> policy, boolean withGrid) {
    var world =
        new Simulator(engine)
            .world(WorkloadPresets.generate("busy-day", 42), Bundled.fleet(), Bundled.carbon());
    var checking = new Checking[1];
    var sim =
        new Simulation(
            world,
            s -> {
              checking[0] = new Checking(s, policy.apply(s), engine, withGrid);
              return checking[0];
            },
            42,
            Simulation.Progress.NONE);
    var c = checking[0];
    sim.listener(
        new Simulation.Listener() {
          @Override
          public void pending(int job, long now) {
            c.pending.set(job);
          }

          @Override
          public void started(int job, int runner, long now) {
            c.pending.clear(job);
            c.started.put(world.jobs[job].id(), world.runners[runner].id());
          }
        });
    sim.run();
    return checking[0].compared;
  }

  /** The policy under test, with the engine asked first at every dispatch. */
  private static final class Checking implements Policy {
    private final Simulation sim;
    private final RunnerIqPolicy inner;
    private final Engine engine;
    private final boolean withGrid;
    private final BitSet pending = new BitSet();
    private final Map<Long, Long> started = new TreeMap<>();
    int compared;

    Checking(Simulation sim, RunnerIqPolicy inner, Engine engine, boolean withGrid) {
      this.sim = sim;
      this.inner = inner;
      this.engine = engine;
      this.withGrid = withGrid;
    }

    @Override
    public void pending(int job, long now) {
      inner.pending(job, now);
    }

    @Override
    public void finished(int job, int runner, long now) {
      inner.finished(job, runner, now);
    }

    @Override
    public void dispatch(long now) {
      var w = sim.world();
      var jobs = new ArrayList<PendingJob>();
      for (int j = pending.nextSetBit(0); j >= 0; j = pending.nextSetBit(j + 1)) {
        jobs.add(inner.pendingJob(j));
      }
      var runners = new ArrayList<Runner>();
      for (int r = 0; r < w.runners.length; r++) {
        runners.add(w.runners[r].withRunning(sim.running(r)));
      }
      var at = Instant.ofEpochMilli(w.start.toEpochMilli() + now);
      Snapshot snapshot;
      if (withGrid) {
        var c = inner.carbon();
        var grid = java.util.Objects.requireNonNull(c).at(now);
        snapshot = new Snapshot(at, runners, jobs, grid.now(), grid.forecast());
      } else {
        snapshot = new Snapshot(at, runners, jobs);
      }
      var expected = new TreeMap<Long, Long>();
      for (var d : engine.decide(snapshot, 42)) {
        if (d.action() == Action.ASSIGN) {
          expected.put(d.jobId(), d.runnerId());
        }
      }
      started.clear();
      inner.dispatch(now);
      assertThat(started).as("assignments at %s", at).isEqualTo(expected);
      compared += started.size();
    }
  }
}
