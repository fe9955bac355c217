package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecisionQueryTest {
  @Test
  void takesEveryTierAndDecidedByTheEngineWrites() {
    assertThat(DecisionQuery.TIERS).containsExactly("CRITICAL", "HIGH", "MEDIUM", "LOW");
    assertThat(DecisionQuery.DECIDED_BY)
        .containsExactly("rules", "tie-break", "llm", "fifo-fallback");
    for (String tier : DecisionQuery.TIERS) {
      for (String by : DecisionQuery.DECIDED_BY) {
        assertThat(new DecisionQuery(null, null, null, tier, by, null, null, 1, 0).tier())
            .isEqualTo(tier);
      }
    }
  }

  @Test
  void refusesAnUnknownTierOrDecidedByNamingFieldAndValue() {
    assertThatThrownBy(() -> new DecisionQuery(null, null, null, "URGENT", null, null, null, 1, 0))
        .hasMessage("tier must be CRITICAL, HIGH, MEDIUM or LOW, but was URGENT");
    assertThatThrownBy(() -> new DecisionQuery(null, null, null, null, "robot", null, null, 1, 0))
        .hasMessage("decided_by must be rules, tie-break, llm or fifo-fallback, but was robot");
    assertThatThrownBy(() -> new DecisionQuery(null, null, null, "low", null, null, null, 1, 0))
        .hasMessageContaining("but was low");
  }
}
