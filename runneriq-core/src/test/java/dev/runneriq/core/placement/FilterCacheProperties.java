package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.testing.Fixtures;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A verdict the pipeline reuses always equals a fresh check: for every filter, as far as it
 * declares what it reads, and for the pipeline as a whole. A filter that declares too little is
 * caught.
 */
class FilterCacheProperties {

  @Provide
  Arbitrary<Snapshot> snapshots() {
    return SnapshotArbitraries.snapshots();
  }

  @Property(tries = 300)
  void everyFilterDeclaresWhatItReads(@ForAll("snapshots") Snapshot snapshot) {
    for (var filter : filters(snapshot)) {
      assertThat(CacheChecker.filter(filter, snapshot)).as("%s", filter).isEmpty();
    }
  }

  @Property(tries = 300)
  void thePipelineReusesOnlyVerdictsEqualToFreshOnes(@ForAll("snapshots") Snapshot snapshot) {
    var scarcity = Scarcity.of(snapshot.runners(), 0.4);

    assertThat(CacheChecker.pipeline(filters(snapshot), snapshot, scarcity)).isEmpty();
    assertThat(CacheChecker.pipeline(Filters.DEFAULT, snapshot, Scarcity.NONE)).isEmpty();
  }

  /** A filter that declares nothing is checked afresh, after the declared ones. */
  @Property(tries = 200)
  void aFilterThatDeclaresNothingIsPlacedAsChecked(@ForAll("snapshots") Snapshot snapshot) {
    var filters = new ArrayList<>(Filters.DEFAULT);
    // a plain Filter over OWNERSHIP's check, without the declarations OWNERSHIP itself carries
    @SuppressWarnings("UnnecessaryMethodReference")
    Filter undeclared = Filters.OWNERSHIP::check;
    filters.set(filters.indexOf(Filters.OWNERSHIP), undeclared);

    assertThat(CacheChecker.pipeline(filters, snapshot, Scarcity.NONE)).isEmpty();
  }

  @Example
  void aFilterThatDeclaresTooFewFacetsIsNamed() {
    var fleet = List.of(runner(1).projectRunner("shop/web").build(), runner(2).build());
    var jobs =
        List.of(
            job("b", "build").id(1).project("shop/web").build(),
            job("b", "build").id(2).project("ops/tools").build());
    var snapshot = new Snapshot(Fixtures.NOW, fleet, jobs, Map.of(), Map.of());

    assertThat(CacheChecker.filter(FORGETS_THE_PROJECT, snapshot))
        .anySatisfy(p -> assertThat(p).startsWith("forgets the project: jobs 1 and 2 agree on []"))
        .anySatisfy(p -> assertThat(p).startsWith("forgets the project: job 2 on runner 1"));
    assertThat(CacheChecker.pipeline(List.of(FORGETS_THE_PROJECT), snapshot, Scarcity.NONE))
        .singleElement()
        .asString()
        .contains("job 2: reused PLACEABLE {}", "fresh PLACEABLE {not available to the project=1}");
    // what it should have declared
    assertThat(CacheChecker.filter(Filters.OWNERSHIP, snapshot)).isEmpty();
  }

  /** The random fleets and queues of the properties above find the short declaration too. */
  @Example
  void theRandomSnapshotsFindIt() {
    var random = new Random(20261201);
    var generator = SnapshotArbitraries.snapshots().generator(1000);
    int caught = 0;
    for (int i = 0; i < 100; i++) {
      var snapshot = generator.next(random).value();
      var lie = new ArrayList<>(Filters.DEFAULT);
      lie.set(lie.indexOf(Filters.OWNERSHIP), FORGETS_THE_PROJECT);
      if (!CacheChecker.filter(FORGETS_THE_PROJECT, snapshot).isEmpty()
          && !CacheChecker.pipeline(lie, snapshot, Scarcity.NONE).isEmpty()) {
        caught++;
      }
    }
    assertThat(caught).as("snapshots of 100 that caught it").isGreaterThan(10);
  }

  /** Every default filter and the reservation of the snapshot's rare runners. */
  private static List<Filter> filters(Snapshot snapshot) {
    var all = new ArrayList<>(Filters.DEFAULT);
    all.add(new Reservation(Scarcity.of(snapshot.runners(), 0.4), 1, false));
    return all;
  }

  /** GitLab's ownership rule, declared as if it read nothing of the job. */
  private static final Filter FORGETS_THE_PROJECT =
      new Lying() {
        @Override
        public Verdict check(PendingJob job, Runner runner) {
          return Filters.OWNERSHIP.check(job, runner);
        }
      };

  private abstract static class Lying implements Filter, Signed {
    @Override
    public JobSignature signature() {
      return JobSignature.NONE;
    }

    @Override
    public boolean readsLoad() {
      return false;
    }

    @Override
    public String toString() {
      return "forgets the project";
    }
  }
}
