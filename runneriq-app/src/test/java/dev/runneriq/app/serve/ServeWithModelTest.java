package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.LoopbackModel;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.DecisionQuery;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service runs the engine the factory builds from runneriq.yaml, its llm section included: in
 * front of the simulated GitLab, the toss-ups of the running service go to the configured model,
 * and its choices are logged as {@code llm} decisions for review.
 */
class ServeWithModelTest {
  @TempDir Path dir;

  /** The service with {@code engine} and {@code store} on the busy day from 13:00, at 120x. */
  static SimulatedRun busyAfternoon(StoreConfig store, Engine engine) {
    return SimulatedRun.start(
        WorkloadPresets.generate("busy-day", 42),
        Bundled.fleet(),
        WorkloadPresets.DAY.plus(Duration.ofHours(13)),
        120,
        42,
        store,
        0,
        engine,
        Duration.ofMillis(100));
  }

  @Test
  void theServiceAsksTheConfiguredModelAboutItsTossUps() throws Exception {
    try (var model = new LoopbackModel()) {
      var yaml = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      try (var engine = ConfiguredEngine.of(ConfigLoader.load(yaml, Map.of()));
          var run = busyAfternoon(StoreConfig.sqlite(dir.resolve("audit.db")), engine.engine())) {
        var llm = new DecisionQuery(null, null, null, null, "llm", null, null, 100, 0);
        ServeEndToEndTest.waitFor(
            () -> {
              run.service().audit().flush(Duration.ofSeconds(1));
              return !run.service().store().query(llm).isEmpty();
            },
            Duration.ofSeconds(60));

        assertThat(model.bodies()).isNotEmpty();
        var logged = run.service().store().query(llm);
        assertThat(logged).isNotEmpty();
        assertThat(engine.tossUps()).startsWith("openai-compatible loopback-1");
      }
    }
  }
}
