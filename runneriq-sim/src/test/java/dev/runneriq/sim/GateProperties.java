package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.gate.UnscheduleRule;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * On generated days (sources, stages, deploys, delays of their own, busy runners): a held job
 * reaches GitLab's queue only when RunnerIQ's play acts or when its floor ends, whichever comes
 * first, and no job starts before it is in GitLab's queue. A job RunnerIQ unscheduled is queued
 * only by its play, sent by the ceiling's end while RunnerIQ is up; with RunnerIQ down, nothing is
 * unscheduled.
 */
class GateProperties {

  /** RunnerIQ up throughout, down throughout, or up every other minute. */
  private static LongPredicate acting(int mode) {
    return switch (mode) {
      case 0 -> t -> true;
      case 1 -> t -> false;
      default -> t -> (t / 60_000) % 2 == 0;
    };
  }

  @Property(tries = 80)
  void nothingStartsBeforeItsPlayActsOrItsFloorEnds(
      @ForAll @IntRange(min = 1, max = 10) int pipelines,
      @ForAll @IntRange(min = 0, max = 2) int k,
      @ForAll @IntRange(min = 0, max = 15) int latencyS,
      @ForAll @IntRange(min = 0, max = 2) int actingMode,
      @ForAll @IntRange(min = 0, max = 3) int unscheduleTiers,
      @ForAll @IntRange(min = 1, max = 40) int ceilingMin,
      @ForAll long seed)
      throws IOException {
    var dir = Files.createTempDirectory("gate");
    try {
      var rng = new SplittableRandom(seed);
      var fleet =
          SimFixtures.fleet(
              dir,
              "runners:\n  - {id: 1, name: a, concurrency: "
                  + (1 + rng.nextInt(2))
                  + "}\n  - {id: 2, name: b, concurrency: 1, speed: 1.5}\n");
      var world = SimFixtures.world(dir, day(rng, pipelines), fleet);
      var model =
          GateModel.DEFAULT
              .withBeyondFree(k)
              .withWriteLatency(Duration.ofSeconds(latencyS))
              .withUnschedule(
                  unscheduleTiers == 0
                      ? null
                      : new UnscheduleRule(unscheduleTiers, Duration.ofMinutes(ceilingMin)));
      LongPredicate acting = acting(actingMode);
      var sim =
          new Simulation(
              world,
              s -> new GatePolicy(s, GatePolicyTest.ENGINE, model, acting),
              seed,
              Simulation.Progress.NONE);
      sim.run();
      check(sim, (GatePolicy) sim.policy, model, acting);
      if (actingMode == 1) {
        assertThat(sim.decisions.getOrDefault(GateUnschedule.UNSCHEDULED, 0L))
            .as("unscheduled with RunnerIQ down")
            .isZero();
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void check(Simulation sim, GatePolicy g, GateModel model, LongPredicate acting) {
    var w = sim.world();
    long latency = model.writeLatency().toMillis();
    for (int j = 0; j < w.jobCount(); j++) {
      if (sim.pendingAt[j] < 0) {
        continue; // skipped, or manual
      }
      long ready = sim.pendingAt[j];
      long floor = model.floorMs(w.jobs[j].spec().pipeline().source());
      boolean held = floor >= 0 && w.when[j] != World.DELAYED;
      String name = w.jobs[j].name() + " of " + w.jobs[j].spec().pipeline().source();
      assertThat(sim.ran(j)).as(name).isTrue();
      assertThat(sim.startAt[j]).as(name).isGreaterThanOrEqualTo(g.queuedAt(j));
      if (!held) {
        assertThat(g.queuedAt(j)).as(name + " is not held").isEqualTo(ready);
        assertThat(g.playedAt(j)).as(name).isEqualTo(-1);
        continue;
      }
      long played = g.playedAt(j);
      if (g.unscheduled(j)) {
        var u = java.util.Objects.requireNonNull(model.unschedule());
        // turned manual before the floor, played by the ceiling's end, or once RunnerIQ is up
        // again (here within a minute)
        assertThat(played)
            .as(name + " unscheduled")
            .isBetween(ready, ready + floor + u.ceiling().toMillis() + 60_000);
        assertThat(acting.test(played)).as(name + " played while RunnerIQ was down").isTrue();
        assertThat(g.queuedAt(j)).as(name + ": its play only").isEqualTo(played + latency);
        assertThat(g.byFloor(j)).as(name).isFalse();
        continue;
      }
      if (played < 0) {
        assertThat(g.byFloor(j)).as(name).isTrue();
        assertThat(g.queuedAt(j)).as(name + ": its floor").isEqualTo(ready + floor);
      } else {
        assertThat(played).as(name).isBetween(ready, ready + floor);
        assertThat(acting.test(played)).as(name + " played while RunnerIQ was down").isTrue();
        assertThat(g.queuedAt(j))
            .as(name + ": its play or its floor")
            .isEqualTo(Math.min(played + latency, ready + floor));
      }
    }
  }

  /** A generated day: pipelines of every source, some with a stage after another, some deploys. */
  private static List<String> day(SplittableRandom rng, int pipelines) {
    var sources = List.of("push", "merge_request_event", "web", "schedule", "api", "trigger");
    var lines = new ArrayList<String>();
    var t0 = Instant.parse(SimFixtures.T0);
    long job = 1;
    for (int p = 1; p <= pipelines; p++) {
      String created = t0.plusSeconds(rng.nextInt(1800)).toString();
      String source = sources.get(rng.nextInt(sources.size()));
      var jobs = new ArrayList<String>();
      int n = 1 + rng.nextInt(3);
      for (int i = 0; i < n; i++) {
        String stage = i == 0 ? "build" : "test";
        String extra = rng.nextInt(8) == 0 ? ", \"when\": \"delayed\", \"start_in_s\": 120" : "";
        jobs.add(SimFixtures.job(job++, "job-" + i, stage, 10 + rng.nextInt(900), extra));
      }
      boolean deploy = rng.nextInt(4) == 0;
      if (deploy) {
        jobs.add(
            SimFixtures.job(
                job++,
                "deploy-prod",
                "test",
                30 + rng.nextInt(60),
                ", \"environment\": {\"name\": \"production\"}"));
      }
      String line =
          SimFixtures.pipeline(
              p,
              "project-" + rng.nextInt(3),
              created,
              "[\"build\", \"test\"]",
              String.join(",", jobs),
              "");
      if (deploy) {
        line =
            line.replace(
                "\"ref\": \"feature/x\"",
                "\"ref\": \"main\", \"protected\": true, \"default_branch\": true");
      }
      lines.add(line.replace("\"source\": \"push\"", "\"source\": \"" + source + "\""));
    }
    return lines;
  }
}
