package dev.runneriq.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.testing.Fixtures;
import dev.runneriq.core.testing.SnapshotArbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Runner#differsOnlyInRunning} agrees with building the runner and comparing; {@link
 * Runner#withRunning} makes a runner only for another count.
 */
class RunnerProperties {

  @Property(tries = 300)
  void agreesWithWithRunningAndEqualsOnArbitraryPairs(
      @ForAll("pairs") Fixtures.RunnerBuilder a,
      @ForAll("pairs") Fixtures.RunnerBuilder b,
      @ForAll @IntRange(min = 0, max = 6) int running) {
    Runner x = a.build();
    Runner y = b.build().withRunning(running);
    assertThat(x.differsOnlyInRunning(y)).isEqualTo(x.withRunning(y.running()).equals(y));
  }

  @Property(tries = 300)
  void aRunnerDiffersOnlyInRunningFromItselfWithAnyCountAndNotWithAnotherSite(
      @ForAll("pairs") Fixtures.RunnerBuilder a, @ForAll @IntRange(min = 0, max = 6) int running) {
    Runner x = a.build();
    assertThat(x.differsOnlyInRunning(x.withRunning(running))).isTrue();
    assertThat(x.differsOnlyInRunning(x.withSite("SE", x.watts(), x.speed())))
        .isEqualTo("SE".equals(x.zone()));
    assertThat(x.differsOnlyInRunning(x.withSite(x.zone(), x.watts() + 1, x.speed()))).isFalse();
  }

  /** The same count is the same runner; another is a new one, equal but in its running count. */
  @Property(tries = 300)
  void withRunningMakesARunnerOnlyForAnotherCount(
      @ForAll("pairs") Fixtures.RunnerBuilder a, @ForAll @IntRange(min = 0, max = 6) int running) {
    Runner x = a.build();
    Runner y = x.withRunning(running);
    if (running == x.running()) {
      assertThat(y).isSameAs(x);
    } else {
      assertThat(y).isNotSameAs(x).isNotEqualTo(x);
      assertThat(y.running()).isEqualTo(running);
      assertThat(y.withRunning(x.running())).isEqualTo(x);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Fixtures.RunnerBuilder> pairs() {
    return SnapshotArbitraries.runnerBuilders();
  }
}
