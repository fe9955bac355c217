package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.report.ResultJson;
import dev.runneriq.sim.report.TableReport;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carbon-aware policies on the busy-day preset, the default fleet and the bundled 2023 data.
 */
class CarbonPoliciesTest {
  static World world;
  static Simulator simulator;

  @BeforeAll
  static void compile() {
    simulator = new Simulator(EngineConfig.DEFAULT);
    world =
        simulator.world(
            WorkloadPresets.generate("busy-day", 42), Bundled.fleet(), Bundled.carbon());
  }

  private static Simulation run(String policy, long seed) {
    var sim =
        new Simulation(world, simulator.policies().get(policy), seed, Simulation.Progress.NONE);
    sim.run();
    return sim;
  }

  @Test
  void deferredJobsAreNeverHeldPastTheirMaximumDelay() {
    for (String name : List.of(Policies.RUNNERIQ_CARBON, Policies.ORACLE_CARBON)) {
      var sim = run(name, 42);
      var carbon = Objects.requireNonNull(((RunnerIqPolicy) sim.policy).carbon());
      int held = 0;
      for (int j = 0; j < world.jobCount(); j++) {
        if (!carbon.wasDeferred(j)) {
          continue;
        }
        held++;
        var spec = world.jobs[j].spec();
        long max = CarbonPolicy.DEFAULT.maxDelay(spec, world.tierOf(j)).toMillis();
        assertThat(world.tierOf(j)).as(name).isNotEqualTo(Tier.CRITICAL);
        if (!spec.pipeline().source().equals("schedule")) {
          // a job someone waits for is held minutes, never hours
          assertThat(max).as(name).isEqualTo(600_000L);
        }
        assertThat(carbon.heldUntil(j) - sim.pendingAt[j]).as(name).isBetween(1L, max);
        assertThat(sim.ran(j)).as(name).isTrue();
      }
      assertThat(held).as(name).isPositive();
      assertThat(sim.decisions.get("deferred")).as(name).isEqualTo(held);
    }
  }

  @Test
  void withoutCompetitionForRunnersTheOracleSavesAtLeastAsMuchAsForecasts(@TempDir Path dir) {
    // 150 independent one-job pipelines, one every 10 minutes, on a DE runner with room for all
    var lines = new ArrayList<String>();
    Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
    for (int i = 0; i < 150; i++) {
      lines.add(
          SimFixtures.pipeline(
              i + 1,
              "p" + (i % 7),
              t0.plusSeconds(600L * i).toString(),
              SimFixtures.job(i + 1, "lint", "test", 600, "")));
    }
    var fleet =
        SimFixtures.fleet(
            dir, "runners:\n  - {id: 1, name: de, concurrency: 500, zone: DE, watts: 100}\n");
    var trace = TraceFormat.read(SimFixtures.write(dir, "t.jsonl", lines));
    var w = simulator.world(trace, fleet, Bundled.carbon());
    var r =
        simulator.compare(
            w,
            List.of(Policies.RUNNERIQ, Policies.RUNNERIQ_CARBON, Policies.ORACLE_CARBON),
            42,
            Simulator.ProgressFactory.NONE);
    var plain = r.policies().get(Policies.RUNNERIQ);
    var forecast = r.policies().get(Policies.RUNNERIQ_CARBON);
    var oracle = r.policies().get(Policies.ORACLE_CARBON);
    assertThat(w.tierOf(0)).isIn(Tier.MEDIUM, Tier.LOW);
    assertThat(forecast.decisions().get("deferred")).isPositive();
    assertThat(oracle.co2Kg()).isLessThanOrEqualTo(forecast.co2Kg() + 1e-9);
    assertThat(oracle.co2Kg()).isLessThan(plain.co2Kg());
    assertThat(oracle.jobsRun()).isEqualTo(150);
    assertThat(forecast.jobsRun()).isEqualTo(150);
  }

  @Test
  void onTheBusyDayEveryJobRunsAndTheResultCarriesPerTierFootprints() {
    var r =
        simulator.compare(
            world,
            List.of(
                Policies.RUNNERIQ,
                Policies.RUNNERIQ_CARBON,
                Policies.ORACLE_CARBON,
                Policies.CARBON_PLACEMENT),
            42,
            Simulator.ProgressFactory.NONE);
    var plain = r.policies().get(Policies.RUNNERIQ);
    var forecast = r.policies().get(Policies.RUNNERIQ_CARBON);
    var oracle = r.policies().get(Policies.ORACLE_CARBON);
    var placementOnly = r.policies().get(Policies.CARBON_PLACEMENT);
    assertThat(placementOnly.decisions().get("deferred")).isZero();
    assertThat(placementOnly.co2Kg()).isLessThan(plain.co2Kg());
    // with runners to compete for, deferral and placement interact: no ordering of the two
    // carbon policies is asserted here (docs/CARBON.md), only that both emit less than runneriq
    assertThat(forecast.co2Kg()).isLessThan(plain.co2Kg());
    assertThat(oracle.co2Kg()).isLessThan(plain.co2Kg());
    assertThat(forecast.jobsRun()).isEqualTo(plain.jobsRun());
    assertThat(oracle.jobsRun()).isEqualTo(plain.jobsRun());
    assertThat(plain.decisions().get("deferred")).isZero();
    // CRITICAL and HIGH are never held: their waits are not the carbon policies' doing
    assertThat(forecast.decisions().get("deferred")).isPositive();

    var json = ResultJson.write(r);
    for (var p : List.of(Policies.RUNNERIQ, Policies.ORACLE_CARBON)) {
      double sum = 0;
      for (var t : Tier.values()) {
        var tier = json.at("/policies/" + p + "/tiers/" + t);
        assertThat(tier.has("co2_kg")).isTrue();
        assertThat(tier.has("energy_kwh")).isTrue();
        assertThat(tier.has("wait_s")).isTrue();
        sum += tier.get("co2_kg").asDouble();
      }
      assertThat(sum).isCloseTo(json.at("/policies/" + p + "/co2_kg").asDouble(), within(0.01));
    }
    assertThat(json.at("/policies/oracle-carbon/decisions/deferred").asLong()).isPositive();
    assertThat(TableReport.render(r))
        .contains("kWh / kgCO2", "deferred", "runneriq-carbon against runneriq", "L of gasoline");
  }
}
