package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.TraceFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wait bound of docs/PRIORITY.md, as a property of the simulator under sustained overload: once
 * a job that is not CRITICAL has waited {@code minutes_to_ceiling}, every job started on a runner
 * it could use is CRITICAL or has waited longer. So nothing starves: a job waits at most the time
 * to the ceiling plus the backlog ahead of it.
 */
class WaitBoundTest {
  private static final long CEILING_MS =
      Math.round(EngineConfig.DEFAULT.priority().aging().minutesToCeiling() * 60_000);

  @Test
  void underSustainedOverloadNoAgedJobIsPassedByAYoungerOne(@TempDir Path dir) {
    // 4 runners of 2 slots take 8 ten-minute jobs per 10 minutes; 1.6 arrive per minute for 4 h
    var rng = new SplittableRandom(42);
    var lines = new ArrayList<String>();
    var t0 = Instant.parse("2026-03-02T08:00:00Z");
    String[][] kinds = {
      // ref, ref_kind, protected, default, source, job name, stage
      {"feature/x", "branch", "false", "false", "push", "lint", "test"}, // LOW 10
      {"feature/x", "branch", "false", "false", "push", "compile", "build"}, // LOW 30
      {
        "refs/merge-requests/1/head",
        "merge_request",
        "false",
        "false",
        "merge_request_event",
        "unit-tests",
        "test"
      }, // MEDIUM 40
      {"main", "branch", "true", "true", "push", "compile", "build"}, // HIGH 65
      {"hotfix/pay", "branch", "true", "false", "push", "compile", "build"} // CRITICAL 80
    };
    double[] mix = {0.3, 0.25, 0.25, 0.17, 0.03};
    long at = 0;
    for (int id = 1; at < 4 * 3_600_000L; id++) {
      at += (long) (-Math.log(1 - rng.nextDouble()) * 60_000 / 1.6);
      double u = rng.nextDouble();
      int k = 0;
      while (k < mix.length - 1 && (u -= mix[k]) > 0) {
        k++;
      }
      var kind = kinds[k];
      lines.add(
          "{\"id\": "
              + id
              + ", \"project\": \"p/"
              + (id % 9)
              + "\", \"ref\": \""
              + kind[0]
              + "\", \"ref_kind\": \""
              + kind[1]
              + "\", \"protected\": "
              + kind[2]
              + ", \"default_branch\": "
              + kind[3]
              + ", \"source\": \""
              + kind[4]
              + "\", \"created_at\": \""
              + t0.plusMillis(at)
              + "\", \"stages\": [\""
              + kind[6]
              + "\"], \"jobs\": ["
              + SimFixtures.job(id, kind[5], kind[6], 600, "")
              + "]}");
    }
    var fleet =
        SimFixtures.fleet(
            dir,
            """
            runners:
              - {id: 1, name: a, concurrency: 2}
              - {id: 2, name: b, concurrency: 2, speed: 1.5}
              - {id: 3, name: c, concurrency: 2}
              - {id: 4, name: d, concurrency: 2, speed: 0.8}
            """);
    var simulator = new Simulator(EngineConfig.DEFAULT);
    var world =
        simulator.world(
            TraceFormat.read(SimFixtures.write(dir, "t.jsonl", lines)),
            fleet,
            CarbonSeries.empty());
    var sim =
        new Simulation(
            world, simulator.policies().get(Policies.RUNNERIQ), 42, Simulation.Progress.NONE);
    var pending = new BitSet();
    var violations = new ArrayList<String>();
    int[] checked = {0};
    long[] longest = {0};
    sim.listener(
        new Simulation.Listener() {
          @Override
          public void pending(int job, long now) {
            pending.set(job);
          }

          @Override
          public void started(int k, int runner, long now) {
            pending.clear(k);
            longest[0] = Math.max(longest[0], now - sim.pendingSince(k));
            boolean critical = world.tierOf(k) == Tier.CRITICAL;
            for (int j = pending.nextSetBit(0); j >= 0; j = pending.nextSetBit(j + 1)) {
              if (world.tierOf(j) == Tier.CRITICAL
                  || now - sim.pendingSince(j) < CEILING_MS
                  || !world.signatures.runners(world.signature[j]).get(runner)) {
                continue;
              }
              checked[0]++;
              boolean older =
                  sim.pendingSince(k) < sim.pendingSince(j)
                      || (sim.pendingSince(k) == sim.pendingSince(j) && k < j);
              if (!critical && !older) {
                violations.add(
                    world.jobs[k].id() + " started before the older aged " + world.jobs[j].id());
              }
            }
          }
        });
    sim.run();

    // the overload is real: jobs reach the ceiling and queue for well over an hour
    assertThat(checked[0]).isGreaterThan(10_000);
    assertThat(longest[0]).isGreaterThan(3_600_000L);
    assertThat(violations).isEmpty();
  }
}
