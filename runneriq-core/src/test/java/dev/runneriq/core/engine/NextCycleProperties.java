package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An engine goes on from the cycle before with what it learnt of the runners when they are the same
 * but for their loads: the next cycle decides exactly what a fresh engine decides, whatever the
 * loads, the jobs, the clock and the grid did in between.
 */
class NextCycleProperties {
  @Provide
  Arbitrary<Snapshot> fleets() {
    return SnapshotArbitraries.snapshots(120, 120);
  }

  @Property(tries = 150)
  void theNextCycleDecidesAsAFreshEngineWould(@ForAll("fleets") Snapshot fleet, @ForAll long seed) {
    var random = new Random(seed);
    // mostly busy, as under a long queue: an engine goes on only when few loads changed
    var first = later(fleet, random, 8);
    var going = Engine.standard(EngineConfig.DEFAULT);
    going.decide(first, 42L);
    var next = first;
    for (int cycle = 0; cycle < 3; cycle++) {
      next = later(next, random, 10);
      var fresh = Engine.standard(EngineConfig.DEFAULT).decide(next, 42L);
      assertThat(going.decide(next, 42L)).as("cycle %d", cycle + 2).isEqualTo(fresh);
    }
  }

  /**
   * {@code s} 45 s later: every runner full but about one in {@code busy}, which takes any load; a
   * third of the jobs gone, a few joined, some read again with their history; now and then the
   * queue in another order, a runner changed beyond its load, a zone's reading, or a project's
   * calibration.
   */
  private static Snapshot later(Snapshot s, Random random, int busy) {
    var runners = new ArrayList<Runner>();
    for (var r : s.runners()) {
      runners.add(
          random.nextInt(busy) == 0
              ? r.withRunning(random.nextInt(r.concurrency() + 1))
              : r.withRunning(r.concurrency()));
    }
    if (!runners.isEmpty() && random.nextInt(8) == 0) {
      // now and then a runner that changed beyond its load: the engine starts over
      int at = random.nextInt(runners.size());
      runners.set(at, runners.get(at).toBuilder().paused(!runners.get(at).paused()).build());
    }
    var jobs = new ArrayList<PendingJob>();
    long nextId = 1;
    for (var j : s.jobs()) {
      nextId = Math.max(nextId, j.id() + 1);
      if (random.nextInt(3) != 0) {
        // now and then read again with more known of it: the same id, another record
        jobs.add(
            random.nextInt(10) == 0
                ? j.withHistory(new JobHistory(20, 30 + random.nextInt(900), 0.05))
                : j);
      }
    }
    // jobs that joined, like others already there; now and then the queue read in another order
    for (int k = jobs.isEmpty() ? 0 : random.nextInt(4); k > 0; k--) {
      var like = jobs.get(random.nextInt(jobs.size()));
      jobs.add(
          new PendingJob(
              nextId++,
              like.name(),
              like.stage(),
              like.tagList(),
              s.now(),
              like.timeoutS(),
              like.environment(),
              like.variables(),
              like.pipeline(),
              like.history(),
              like.interruptible()));
    }
    if (random.nextInt(6) == 0) {
      Collections.shuffle(jobs, random);
    }
    var carbon = new HashMap<String, CarbonReading>(s.carbon());
    if (!carbon.isEmpty() && random.nextBoolean()) {
      var zone = List.copyOf(carbon.keySet()).get(random.nextInt(carbon.size()));
      carbon.put(zone, new CarbonReading(20 + random.nextInt(700), s.now()));
    }
    var calibration = s.calibration();
    if (!jobs.isEmpty() && random.nextInt(3) == 0) {
      // a project's calibration set, changed or lifted: its jobs' lines change, not the others'
      var projects = new HashMap<>(calibration.projects());
      String project = jobs.get(random.nextInt(jobs.size())).pipeline().project();
      if (projects.containsKey(project) && random.nextBoolean()) {
        projects.remove(project);
      } else {
        projects.put(
            project, new Calibration.Adjustment(-1 - random.nextInt(30), "claims stand out"));
      }
      calibration = new Calibration(projects);
    }
    return new Snapshot(s.now().plusSeconds(45), runners, jobs, carbon, s.forecast(), calibration);
  }
}
