package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.report.ResultJson;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private static String traceText(long seed) throws IOException {
    var out = new ByteArrayOutputStream();
    TraceFormat.write(WorkloadPresets.generate("busy-day", seed), out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() throws IOException {
    assertThat(traceText(5)).isEqualTo(traceText(5)).isNotEqualTo(traceText(6));
  }

  @Test
  void theSameSeedGivesTheSameResults() {
    var trace = WorkloadPresets.generate("release-crunch", 3);
    var sim = new Simulator(EngineConfig.DEFAULT);
    var world = sim.world(trace, Bundled.fleet(), Bundled.carbon());
    var policies = List.of("fair", "runneriq");
    var a = ResultJson.write(sim.compare(world, policies, 9, Simulator.ProgressFactory.NONE));
    var b = ResultJson.write(sim.compare(world, policies, 9, Simulator.ProgressFactory.NONE));
    for (var p : policies) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("policies").get(p)).remove("wall_ms");
      ((com.fasterxml.jackson.databind.node.ObjectNode) b.get("policies").get(p)).remove("wall_ms");
    }
    assertThat(a).isEqualTo(b);
    assertThat(a.at("/policies/runneriq/jobs_run").asLong()).isPositive();
    assertThat(a.at("/carbon/shift_weeks").asLong()).isEqualTo(-157);
    assertThat(a.at("/policies/fair/co2_kg").asDouble()).isPositive();
  }

  @Test
  void everyPresetPopulatesEveryTier() {
    var sim = new Simulator(EngineConfig.DEFAULT);
    var world =
        sim.world(WorkloadPresets.generate("busy-day", 42), Bundled.fleet(), Bundled.carbon());
    int[] perTier = new int[4];
    for (int j = 0; j < world.jobCount(); j++) {
      perTier[world.tier[j]]++;
    }
    assertThat(java.util.Arrays.stream(perTier).min().orElse(0)).isPositive();
    assertThat(world.unplaceableJobs()).isZero();
    for (String name : WorkloadPresets.NAMES) {
      assertThat(WorkloadPresets.generate(name, 1).jobCount()).as(name).isPositive();
    }
  }
}
