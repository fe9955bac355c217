package dev.runneriq.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.testing.Fixtures;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A pipeline reused across jobs and fleets answers exactly as a fresh one would. */
class PlacementProperties {
  private static final Map<String, CarbonReading> CARBON =
      Map.of(
          "FR", new CarbonReading(58, Fixtures.NOW),
          "DE", new CarbonReading(380, Fixtures.NOW),
          "SE", new CarbonReading(25, Fixtures.NOW));

  @Provide
  Arbitrary<Snapshot> snapshots() {
    return SnapshotArbitraries.snapshots();
  }

  @Provide
  Arbitrary<Snapshot> fleets() {
    return SnapshotArbitraries.snapshots(300, 120);
  }

  /**
   * A crowded fleet: up to 200 runners of one pool with few speeds, health figures and zones (many
   * equal totals and twins), one or two slots each (a slot taken moves a runner far down), and a
   * queue of jobs of one kind, so that one ranking is kept and caught up for the whole queue.
   */
  @Provide
  Arbitrary<Snapshot> crowded() {
    var runner =
        Combinators.combine(
                Arbitraries.of("FR", "DE", "SE"),
                Arbitraries.of(1.0, 1.02, 1.5, 2.0),
                Arbitraries.of(0.9, 0.95, 0.99),
                Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 2))
            .as(
                (zone, speed, health, slots, running) ->
                    (Function<Long, Runner>)
                        id ->
                            Fixtures.runner(id)
                                .tags("docker")
                                .zone(zone)
                                .speed(speed)
                                .stats(50, health, 1.0)
                                .slots(slots, Math.min(slots, running))
                                .build());
    return Combinators.combine(
            runner.list().ofMinSize(40).ofMaxSize(200), Arbitraries.integers().between(20, 150))
        .as(
            (specs, jobs) -> {
              var runners = new ArrayList<Runner>();
              for (int i = 0; i < specs.size(); i++) {
                runners.add(specs.get(i).apply(i + 1L));
              }
              var queue = new ArrayList<PendingJob>();
              for (int j = 0; j < jobs; j++) {
                queue.add(Fixtures.job("build", "build").id(1_000 + j).tags("docker").build());
              }
              return new Snapshot(Fixtures.NOW, runners, queue, CARBON, Map.of());
            });
  }

  @Property(tries = 200)
  void reusedPipelineAgreesWithAFreshOne(
      @ForAll("snapshots") Snapshot first, @ForAll("snapshots") Snapshot second) {
    agree(first, second, ArrayList::new);
  }

  /** On a table the pipeline compares only the runners set since its last call. */
  @Property(tries = 200)
  void onARunnerTableItAgreesWithAFreshOneToo(
      @ForAll("snapshots") Snapshot first, @ForAll("snapshots") Snapshot second) {
    agree(first, second, RunnerTable::new);
  }

  /**
   * Fleets larger than a ranking's first frontier (32 runners): a kept ranking brought up to date
   * runner by runner, as slots are taken and freed, answers as one made afresh for each job.
   */
  @Property(tries = 20)
  void onLargeFleetsKeptRankingsAgreeWithFreshOnes(
      @ForAll("fleets") Snapshot first, @ForAll("fleets") Snapshot second) {
    agree(first, second, RunnerTable::new);
  }

  /**
   * One kind of job on a crowded fleet: the kept ranking, its frontier of the best runners and the
   * threshold below it followed through slot after slot taken, answers as a fresh one.
   */
  @Property(tries = 30)
  void onACrowdedFleetTheKeptRankingAgreesWithAFreshOne(
      @ForAll("crowded") Snapshot first,
      @ForAll("crowded") Snapshot second,
      @ForAll @IntRange(min = 1, max = 8) int frontier) {
    agree(
        first,
        second,
        RunnerTable::new,
        () -> new Placement(Filters.DEFAULT, Scorers.DEFAULT, PlacementConfig.DEFAULT, frontier),
        PlacementProperties::fresh,
        Scarcity.NONE);
  }

  /**
   * With the reservation of runners with rare tags (a filter whose verdict depends on the job's
   * rare tags and the runner's free slots), busy verdicts reused between jobs still equal fresh
   * ones.
   */
  @Property(tries = 200)
  void withRareTagsKeptReusedVerdictsAgreeWithFreshOnes(
      @ForAll("snapshots") Snapshot first, @ForAll("snapshots") Snapshot second) {
    var scarcity = Scarcity.of(first.runners(), 0.4);
    var filters = new ArrayList<>(Filters.DEFAULT);
    filters.add(new Reservation(scarcity, 1, false));
    agree(
        first,
        second,
        RunnerTable::new,
        () -> new Placement(filters, Scorers.DEFAULT, PlacementConfig.DEFAULT, 2),
        () -> new Placement(filters, Scorers.DEFAULT, PlacementConfig.DEFAULT),
        scarcity);
  }

  private static void agree(
      Snapshot first, Snapshot second, Function<List<Runner>, List<Runner>> list) {
    agree(
        first, second, list, PlacementProperties::fresh, PlacementProperties::fresh, Scarcity.NONE);
  }

  private static void agree(
      Snapshot first,
      Snapshot second,
      Function<List<Runner>, List<Runner>> list,
      Supplier<Placement> pipeline,
      Supplier<Placement> reference,
      Scarcity scarcity) {
    var reused = pipeline.get();
    var places = new IdentityHashMap<PendingJob, JobPlace>();
    // the same jobs again on other runners last: nothing kept of a job may outlive its runners
    var firstJobsOnSecondRunners =
        new Snapshot(
            second.now(),
            second.runners(),
            first.jobs(),
            second.carbon(),
            second.forecast(),
            second.calibration());
    for (var snapshot : List.of(first, second, first, firstJobsOnSecondRunners)) {
      var inputs = new ScoringInputs(snapshot.carbon(), 0.95, scarcity);
      var runners = list.apply(snapshot.runners());
      int step = 0;
      for (var job : snapshot.jobs()) {
        var expected = reference.get().place(job, Tier.MEDIUM, runners, inputs);

        // what the reused pipeline worked out of this job record, handed back each time
        var known = places.computeIfAbsent(job, j -> new JobPlace());
        assertThat(reused.place(job, Tier.MEDIUM, runners, inputs, known)).isEqualTo(expected);

        if (!expected.candidates().isEmpty()) {
          int at = runners.indexOf(expected.candidates().get(0).runner());
          runners.set(at, runners.get(at).withRunning(runners.get(at).running() + 1));
        }
        if (step % 3 == 1 && !runners.isEmpty()) {
          runners.set(0, togglePaused(runners.get(0)));
        }
        // a job finishes somewhere: a slot frees, and busy answers must be forgotten
        if (step++ % 4 == 2 && !runners.isEmpty()) {
          int last = runners.size() - 1;
          var r = runners.get(last);
          if (r.running() > 0) {
            runners.set(last, r.withRunning(r.running() - 1));
          }
        }
      }
    }
  }

  private static Placement fresh() {
    return new Placement(Filters.DEFAULT, Scorers.DEFAULT, PlacementConfig.DEFAULT);
  }

  private static Runner togglePaused(Runner r) {
    return r.toBuilder().paused(!r.paused()).build();
  }
}
