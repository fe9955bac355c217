package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that takes over shows what the leader before it published until it has read GitLab
 * itself, saying so: the queue does not go empty on the API (nor in the state it publishes) for the
 * minute a fleet of 100,000 pending jobs takes to read. Two replicas in process on a real
 * PostgreSQL in front of the simulated GitLab, which fails from just before the takeover, so that
 * what the second shows then can only be the first one's; once GitLab answers, its own.
 */
class TakeoverTest {
  @TempDir Path dir;

  @Test
  void aNewLeaderShowsThePreviousLeadersStateUntilItHasReadGitLab() throws Exception {
    int pgPort = ServeEndToEndTest.freePort();
    var pg = ServeEndToEndTest.postgres(dir.resolve("pg"), pgPort);
    var store =
        new StoreConfig(
            "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?connectTimeout=2",
            "postgres",
            "postgres");
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var run =
        SimulatedRun.start(
            WorkloadPresets.generate("busy-day", 5),
            Bundled.fleet(),
            WorkloadPresets.DAY.plus(Duration.ofHours(10)),
            60,
            5,
            store,
            0,
            engine,
            Duration.ofMillis(100));
    Service second = null;
    try {
      var first = run.service();
      waitFor(
          () -> first.leading() && !first.state().decisions().isEmpty(), Duration.ofSeconds(30));

      var config =
          SimulatedRun.config(
              run.gitlab().url(),
              run.gitlabToken(),
              run.hookSecret(),
              store,
              0,
              run.apiToken(),
              Bundled.fleet(),
              null);
      second = Service.start(engine, config, InstantSource.system(), Duration.ofMillis(100));
      var follower = second;
      assertThat(follower.leading()).isFalse();
      // a follower shows what the leader published
      waitFor(() -> !follower.state().decisions().isEmpty(), Duration.ofSeconds(20));
      var read = jobIds(follower.state().decisions());

      run.gitlab().outage(true); // GitLab fails: the second cannot read it once it leads
      first.close(); // gives the lease up: the second leads within a second or two
      waitFor(follower::leading, Duration.ofSeconds(15));
      Thread.sleep(3_000); // a few cycles of its own, none of which could read GitLab

      var shown = follower.state();
      assertThat(shown.gitlabReachable()).as("GitLab fails").isFalse();
      assertThat(jobIds(shown.decisions()))
          .as("the last state it read from the leader before it, not an empty queue")
          .isNotEmpty()
          .containsExactlyElementsOf(
              jobIds(follower.state().decisions())) // steady while it cannot read GitLab
          .containsAnyElementsOf(read);
      assertThat(shown.staleReason())
          .startsWith("this replica took over as leader and has not read GitLab yet (")
          .contains("shown meanwhile: what the leader before it published, from its poll at ");

      run.gitlab().outage(false); // and answers again: from its first read on, its own
      waitFor(() -> follower.state().staleReason() == null, Duration.ofSeconds(30));
      assertThat(follower.state().gitlabReachable()).isTrue();
      assertThat(follower.state().refreshedAt()).isAfter(shown.refreshedAt());
    } finally {
      if (second != null) {
        second.close();
      }
      run.gitlab().close();
      pg.close();
    }
  }

  private static List<Long> jobIds(List<Decision> decisions) {
    return decisions.stream().map(Decision::jobId).toList();
  }
}
