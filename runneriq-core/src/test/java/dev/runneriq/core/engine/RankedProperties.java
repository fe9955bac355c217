package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Factor;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The cycle's order worked out as packed numbers is the order of comparing jobs one by one. */
class RankedProperties {
  private static final Pipeline PIPELINE =
      new Pipeline(1, "shop/web", "main", "branch", true, true, "push", null, false, List.of());

  @Property(tries = 300)
  void packedNumbersSortAsComparingJobsDoes(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3000) int n,
      @ForAll @IntRange(min = 0, max = 5) int spread) {
    var random = new Random(seed);
    // spread picks how far apart jobs went pending: from all in one second (ties throughout, some
    // at the very same instant, told apart by id) to centuries, past what the numbers can hold
    long seconds = new long[] {0, 1, 30, 86_400, 1L << 40, 1L << 54}[spread];
    var ranked = new ArrayList<Ranked>();
    for (int i = 0; i < n; i++) {
      int score = random.nextInt(4) == 0 ? 50 : random.nextInt(101);
      long second = seconds == 0 ? 0 : Math.floorMod(random.nextLong(), seconds);
      int nanos = random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
      var at = Instant.ofEpochSecond(1_780_000_000L - seconds / 2 + second, nanos);
      ranked.add(ranked(random.nextInt(Math.max(1, n)), at, score));
    }
    var expected = new ArrayList<>(ranked);
    expected.sort(Ranked::inOrder);

    Ranked.sort(ranked);

    assertThat(ranked).containsExactlyElementsOf(expected);
  }

  private static Ranked ranked(long id, Instant pendingSince, int score) {
    var job =
        new PendingJob(
            id,
            "rspec",
            "test",
            List.of(),
            pendingSince,
            null,
            null,
            Map.of(),
            PIPELINE,
            null,
            false);
    var priority = new Priority(score, Tier.LOW, List.of(new Factor("ref", score, "ref")));
    return new Ranked(score, job, priority);
  }
}
