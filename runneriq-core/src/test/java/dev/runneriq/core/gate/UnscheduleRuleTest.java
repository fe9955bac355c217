package dev.runneriq.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.model.Tier;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnscheduleRuleTest {
  @ParameterizedTest(name = "{0} lowest tiers, {1}, pool has a free slot: {2}")
  @CsvSource({
    "1, LOW, false, true",
    "1, LOW, true, false",
    "1, MEDIUM, false, false",
    "2, MEDIUM, false, true",
    "2, HIGH, false, false",
    "3, HIGH, false, true",
    "3, CRITICAL, false, false",
  })
  void onlyTheLowestTiersAreUnscheduledAndOnlyWhileTheirPoolIsFull(
      int tiers, Tier tier, boolean poolHasFree, boolean unscheduled) {
    var rule = new UnscheduleRule(tiers, Duration.ofMinutes(30));
    assertThat(rule.unschedule(tier, poolHasFree)).isEqualTo(unscheduled);
  }

  @ParameterizedTest(name = "{0} tiers, ceiling {1} s")
  @CsvSource({"0, 1800, 'lowest tiers (1: LOW'", "4, 1800, 'but was 4'", "1, 0, 'ceiling'"})
  void badValuesAreRefusedInWords(int tiers, long ceilingS, String words) {
    assertThatThrownBy(() -> new UnscheduleRule(tiers, Duration.ofSeconds(ceilingS)))
        .hasMessageContaining(words);
  }
}
