package dev.runneriq.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A pipeline reused across jobs and fleets answers exactly as a fresh one would. */
class PlacementProperties {

  @Provide
  Arbitrary<Snapshot> snapshots() {
    return SnapshotArbitraries.snapshots();
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
        () -> new Placement(filters, Scorers.DEFAULT, PlacementConfig.DEFAULT),
        scarcity);
  }

  private static void agree(
      Snapshot first, Snapshot second, Function<List<Runner>, List<Runner>> list) {
    agree(first, second, list, PlacementProperties::fresh, Scarcity.NONE);
  }

  private static void agree(
      Snapshot first,
      Snapshot second,
      Function<List<Runner>, List<Runner>> list,
      Supplier<Placement> pipeline,
      Scarcity scarcity) {
    var reused = pipeline.get();
    for (var snapshot : List.of(first, second, first)) {
      var inputs = new ScoringInputs(snapshot.carbon(), 0.95, scarcity);
      var runners = list.apply(snapshot.runners());
      int step = 0;
      for (var job : snapshot.jobs()) {
        var expected = pipeline.get().place(job, Tier.MEDIUM, runners, inputs);

        assertThat(reused.place(job, Tier.MEDIUM, runners, inputs)).isEqualTo(expected);

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
