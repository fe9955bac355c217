package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** How long a job has waited is what the JDK's {@link Duration} says, to the millisecond. */
class PendingMillisProperties {
  private static final long FAR = 1L << 40;

  @Property(tries = 3000)
  void theMillisecondsAreThoseOfTheDurationBetween(
      @ForAll @LongRange(min = -FAR, max = FAR) long sinceSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int sinceNano,
      @ForAll @LongRange(min = -5, max = 5) long secondsLater,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nowNano,
      @ForAll boolean far) {
    var since = Instant.ofEpochSecond(sinceSecond, sinceNano);
    // near: the sign of the seconds and of the nanoseconds differ within a few seconds either way
    var now =
        Instant.ofEpochSecond(sinceSecond + (far ? secondsLater * FAR : secondsLater), nowNano);

    assertThat(Analyzer.pendingMillis(waiting(since), now))
        .isEqualTo(Duration.between(since, now).toMillis());
  }

  @Example
  void aJobNotYetPendingHasWaitedLessThanNothingTowardZero() {
    var since = Instant.parse("2026-12-01T09:00:00.0009Z");

    assertThat(Analyzer.pendingMillis(waiting(since), Instant.parse("2026-12-01T09:00:00Z")))
        .isZero();
    assertThat(Analyzer.pendingMillis(waiting(since), Instant.parse("2026-12-01T08:59:59.998Z")))
        .isEqualTo(-2);
  }

  @Example
  void aWaitPastALongOfMillisecondsIsAnError() {
    var job = waiting(Instant.MIN);

    assertThatThrownBy(() -> Analyzer.pendingMillis(job, Instant.MAX))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Duration.between(Instant.MIN, Instant.MAX).toMillis())
        .isInstanceOf(ArithmeticException.class);
  }

  private static PendingJob waiting(Instant since) {
    var pipeline =
        new Pipeline(
            7, "shop/web", "main", Pipeline.BRANCH, true, true, "push", "dana", false, List.of());
    return new PendingJob(
        1, "rspec", "test", List.of(), since, null, null, Map.of(), pipeline, null, false);
  }
}
