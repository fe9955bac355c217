package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} against the simulated GitLab at 60×: the jobs its hooks show finished teach the
 * Optimizer each runner's health and speed and each job's duration; they reach the snapshot the
 * engine decides on (and the API shows), and what was learned is in the database when the service
 * stops, for the next one to take up.
 */
class ServeLearnsTest {
  @TempDir Path dir;

  @Test
  void finishedJobsReachTheSnapshotAndOutliveTheService() throws Exception {
    var db = dir.resolve("audit.db");
    var trace = WorkloadPresets.generate("busy-day", 5);
    Learner learned;
    java.time.Instant at;
    try (var run =
        SimulatedRun.start(
            trace,
            Bundled.fleet(),
            WorkloadPresets.DAY.plus(Duration.ofHours(10)),
            60,
            5,
            StoreConfig.sqlite(db),
            0,
            Engine.standard(EngineConfig.DEFAULT),
            Duration.ofMillis(100))) {
      var service = run.service();
      var learning = service.learning();
      // some runner has run enough jobs, and some pending job is one that ran before
      waitFor(
          () ->
              service.state().snapshot().runners().stream()
                      .anyMatch(r -> r.stats() != null && r.stats().jobs() >= 5)
                  && service.state().snapshot().jobs().stream().anyMatch(j -> j.history() != null),
          Duration.ofSeconds(60));

      var snapshot = service.state().snapshot();
      Runner busy =
          snapshot.runners().stream()
              .filter(r -> r.stats() != null)
              .max((a, b) -> Long.compare(a.stats().jobs(), b.stats().jobs()))
              .orElseThrow();
      // what the snapshot carries is what the learner says (a few more runs may have come since)
      var now = learning.learner().runner(busy.id(), snapshot.now());
      assertThat(now).isNotNull();
      assertThat(now.jobs()).isGreaterThanOrEqualTo(busy.stats().jobs());
      assertThat(busy.stats().successRate()).isCloseTo(now.successRate(), within(0.02));
      PendingJob known =
          snapshot.jobs().stream().filter(j -> j.history() != null).findFirst().orElseThrow();
      var h = Objects.requireNonNull(known.history());
      assertThat(h.runs()).isPositive();
      assertThat(h.durationP50S()).isPositive();
      assertThat(learning.observed()).isGreaterThanOrEqualTo(busy.stats().jobs());
      learned = learning.learner();
      at = snapshot.now();
    }

    // stopped: what it learned is in the database, and a new learner answers alike from it
    var state = AuditStore.open(StoreConfig.sqlite(db)).learned().load();
    assertThat(state.runners()).isNotEmpty();
    assertThat(state.jobs()).isNotEmpty();
    var again = new Learner(learned.config());
    again.restore(state);
    for (var r : state.runners()) {
      assertThat(again.runner(r.runnerId(), at)).isEqualTo(learned.runner(r.runnerId(), at));
    }
  }
}
