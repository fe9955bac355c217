package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
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
    var jobs = new ArrayList<PendingJob>();
    var scores = new int[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextInt(4) == 0 ? 50 : random.nextInt(101);
      long second = seconds == 0 ? 0 : Math.floorMod(random.nextLong(), seconds);
      // on the second, anywhere in it, or microseconds apart within one millisecond
      int nanos =
          switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000_000_000);
            default -> 7_000_000 + random.nextInt(3) * 1_000;
          };
      var at = Instant.ofEpochSecond(1_780_000_000L - seconds / 2 + second, nanos);
      jobs.add(job(random.nextInt(Math.max(1, n)), at));
    }
    var expected = new ArrayList<Integer>();
    for (int i = 0; i < n; i++) {
      expected.add(i);
    }
    expected.sort((a, b) -> inOrder(scores[a], jobs.get(a), scores[b], jobs.get(b)));

    int[] order = order(scores, jobs);

    // positions may differ only between jobs that compare equal (the same id, score and instant)
    assertThat(order).hasSize(n);
    for (int k = 0; k < n; k++) {
      int got = order[k];
      int want = expected.get(k);
      assertThat(inOrder(scores[got], jobs.get(got), scores[want], jobs.get(want)))
          .as("position %d of %d", k, n)
          .isZero();
    }
    assertThat(java.util.Arrays.stream(order).sorted().toArray())
        .as("every job once")
        .isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
  }

  /** Whether the job of score {@code sa} comes before that of score {@code sb}, as -1, 0 or 1. */
  private static int inOrder(int sa, PendingJob a, int sb, PendingJob b) {
    if (sa != sb) {
      return sa > sb ? -1 : 1;
    }
    int c = a.pendingSince().compareTo(b.pendingSince());
    return c != 0 ? c : Long.compare(a.id(), b.id());
  }

  /** {@link Ranked#order} of {@code jobs}, {@code scores[i]} the score of {@code jobs.get(i)}. */
  private static int[] order(int[] scores, List<PendingJob> jobs) {
    int n = jobs.size();
    var ids = new long[n];
    var seconds = new long[n];
    var nanos = new int[n];
    for (int i = 0; i < n; i++) {
      var job = jobs.get(i);
      var at = job.pendingSince();
      ids[i] = job.id();
      seconds[i] = at.getEpochSecond();
      nanos[i] = at.getNano();
    }
    return Ranked.order(scores, ids, seconds, nanos);
  }

  private static PendingJob job(long id, Instant pendingSince) {
    return new PendingJob(
        id, "rspec", "test", List.of(), pendingSince, null, null, Map.of(), PIPELINE, null, false);
  }
}
