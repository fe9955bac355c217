package dev.runneriq.core.gate;

import static dev.runneriq.core.testing.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.Tier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreemptRuleTest {
  static final PreemptRule RULE = PreemptRule.DEFAULT;
  static final long T = Duration.ofMinutes(3).toMillis();

  @Test
  void dueOnlyForACriticalJobThatWaitedTWithItsPoolFull() {
    assertThat(RULE.due(Tier.CRITICAL, T, () -> false)).isTrue();
    assertThat(RULE.due(Tier.CRITICAL, T - 1, () -> false)).as("before T").isFalse();
    assertThat(RULE.due(Tier.CRITICAL, T, () -> true)).as("a slot is free").isFalse();
    assertThat(RULE.due(Tier.HIGH, 10 * T, () -> false)).as("HIGH never").isFalse();
  }

  @Test
  void thePoolIsAskedOnlyWhenTheRestWouldPreempt() {
    int[] asked = {0};
    RULE.due(Tier.HIGH, T, () -> ++asked[0] > 0);
    RULE.due(Tier.CRITICAL, T - 1, () -> ++asked[0] > 0);
    assertThat(asked[0]).isZero();
    RULE.due(Tier.CRITICAL, T, () -> ++asked[0] > 0);
    assertThat(asked[0]).isEqualTo(1);
  }

  @Test
  void theHourlyCap() {
    assertThat(RULE.allows(5)).isTrue();
    assertThat(RULE.allows(6)).isFalse();
    assertThat(new PreemptRule(Duration.ZERO, 0).allows(0)).isFalse();
  }

  @Test
  void onlyLowOrMediumJobsThatDeployNowhereMayBeCancelled() {
    var lint = job("lint", "test").build();
    assertThat(PreemptRule.cancellable(Tier.LOW, lint)).isTrue();
    assertThat(PreemptRule.cancellable(Tier.MEDIUM, lint)).isTrue();
    assertThat(PreemptRule.cancellable(Tier.HIGH, lint)).isFalse();
    assertThat(PreemptRule.cancellable(Tier.LOW, job("docs", "deploy").build())).isFalse();
    assertThat(
            PreemptRule.cancellable(
                Tier.LOW, job("review", "test").environment("review/x", "development").build()))
        .isFalse();
  }

  @Test
  void theBestVictimIsTheLowestTierThenTheLatestStart() {
    int low = Tier.LOW.ordinal();
    int medium = Tier.MEDIUM.ordinal();
    assertThat(PreemptRule.before(low, 0, medium, 100)).as("lower tier, though older").isTrue();
    assertThat(PreemptRule.before(medium, 100, low, 0)).isFalse();
    assertThat(PreemptRule.before(low, 100, low, 50)).as("started later: less lost").isTrue();
    assertThat(PreemptRule.before(low, 50, low, 100)).isFalse();
  }

  @Test
  void badValuesAreRefusedNamingThem() {
    assertThatThrownBy(() -> new PreemptRule(Duration.ofSeconds(-1), 6))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> new PreemptRule(Duration.ZERO, -1))
        .hasMessageContaining("at least 0, but was -1");
  }
}
