package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Tier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
  @TempDir Path dir;

  @Test
  void busyTimeIsSplitOverClockHours() {
    // time zero at 10:50; a job from 10:55 to 12:10 on one slot: 5 min, 60 min, 10 min
    var h = new Metrics.HourlyBusy(java.time.Instant.parse("2026-03-02T10:50:00Z").toEpochMilli());
    h.add(5 * 60_000, 80 * 60_000);
    assertThat(h.peak()).isEqualTo(3_600_000);
    h.add(20 * 60_000, 70 * 60_000); // 11:10 to 12:00 adds 50 min to the 11:00 hour
    assertThat(h.peak()).isEqualTo(110 * 60_000);
  }

  @Test
  void nearestRankPercentiles() {
    long[] v = {5000, 1000, 4000, 2000, 3000};
    var s = Stats.ofMillis(v);
    assertThat(s.p50()).isEqualTo(3.0); // rank ceil(2.5) = 3
    assertThat(s.p95()).isEqualTo(5.0); // rank ceil(4.75) = 5
    assertThat(s.mean()).isEqualTo(3.0);
    assertThat(Stats.nearestRank(new long[] {10, 20, 30, 40}, 50)).isEqualTo(20);
  }

  /**
   * One slot, four 100 s feature-branch test jobs created together: waits 0, 100, 200, 300 s. By
   * hand: mean 150, p50 = rank 2 = 100, p95 = p99 = max = 300. All are LOW... or MEDIUM per the
   * analyzer (feature branch + push + test = 30): MEDIUM is >= 35, so LOW.
   */
  @Test
  void waitsLeadTimeUtilizationAndEnergyOfATinyTrace() {
    var fleet =
        SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: one, concurrency: 1, watts: 360}\n");
    var jobs =
        job(1, "unit-1", "test", 100, "")
            + ","
            + job(2, "unit-2", "test", 100, "")
            + ","
            + job(3, "unit-3", "test", 100, "")
            + ","
            + job(4, "unit-4", "test", 100, "");
    var world = SimFixtures.world(dir, List.of(pipeline(1, "p", T0, jobs)), fleet);
    var r = Metrics.measure("fifo", SimFixtures.run(world, Policies.FIFO, 1));
    var low = r.tier(Tier.LOW);
    assertThat(low.n()).isEqualTo(4);
    assertThat(low.mean()).isEqualTo(150);
    assertThat(low.p50()).isEqualTo(100);
    assertThat(low.p95()).isEqualTo(300);
    assertThat(low.max()).isEqualTo(300);
    assertThat(r.all().n()).isEqualTo(4);
    assertThat(r.leadAll().p50()).isEqualTo(400);
    assertThat(r.leadProduction().n()).isZero();
    assertThat(r.utilization()).isEqualTo(1.0);
    // T0 is on the hour: 400 s of one slot, all in the first hour
    assertThat(r.peakHourUtilization()).isEqualTo(400 / 3600.0);
    assertThat(r.makespanS()).isEqualTo(400);
    assertThat(r.energyKwh()).isEqualTo(360 * 400 / 3.6e6);
  }

  /**
   * A runner whose zone has no series, and one without a zone: their jobs are counted as "no data",
   * never as 0 kg, and the runners are named.
   */
  @Test
  void jobsOnRunnersWithoutCarbonDataAreCountedApartAndTheRunnersNamed() {
    var fleet =
        SimFixtures.fleet(
            dir,
            """
            runners:
              - {id: 1, name: de, concurrency: 1, zone: DE, watts: 360}
              - {id: 2, name: fr, concurrency: 1, zone: FR, watts: 360}
              - {id: 3, name: nowhere, concurrency: 1, watts: 360}
            """);
    var jobs =
        job(1, "unit-1", "test", 100, "")
            + ","
            + job(2, "unit-2", "test", 100, "")
            + ","
            + job(3, "unit-3", "test", 100, "");
    var trace =
        dev.runneriq.formats.TraceFormat.read(
            SimFixtures.write(dir, "t.jsonl", List.of(pipeline(1, "p", T0, jobs))));
    var world =
        new Simulator(dev.runneriq.core.engine.EngineConfig.DEFAULT)
            .world(trace, fleet, dev.runneriq.sim.workload.Bundled.carbon());

    assertThat(world.runnersWithoutCarbonData())
        .containsExactly("fr (2): no series for zone FR", "nowhere (3): no zone");
    var r = Metrics.measure("fifo", SimFixtures.run(world, Policies.FIFO, 1));
    assertThat(r.noCarbonData().jobs()).isEqualTo(2);
    assertThat(r.noCarbonData().energyKwh()).isEqualTo(2 * 360 * 100 / 3.6e6);
    assertThat(r.co2Kg()).isPositive();
    assertThat(r.energyKwh()).isEqualTo(3 * 360 * 100 / 3.6e6);
  }

  /** Lead times apart for pipelines someone waits for and for scheduled ones. */
  @Test
  void leadTimesOfInteractiveAndScheduledPipelines() {
    var fleet =
        SimFixtures.fleet(dir, "runners:\n  - {id: 1, name: one, concurrency: 2, watts: 100}\n");
    var pushed = pipeline(1, "p", T0, job(1, "unit", "test", 100, ""));
    var scheduled =
        pipeline(2, "p", T0, job(2, "nightly", "test", 300, ""))
            .replace("\"source\": \"push\"", "\"source\": \"schedule\"");
    var world = SimFixtures.world(dir, List.of(pushed, scheduled), fleet);
    var r = Metrics.measure("fifo", SimFixtures.run(world, Policies.FIFO, 1));
    assertThat(r.leadInteractive().n()).isEqualTo(1);
    assertThat(r.leadInteractive().p50()).isEqualTo(100);
    assertThat(r.leadScheduled().n()).isEqualTo(1);
    assertThat(r.leadScheduled().p50()).isEqualTo(300);
    assertThat(r.leadAll().n()).isEqualTo(2);
  }
}
