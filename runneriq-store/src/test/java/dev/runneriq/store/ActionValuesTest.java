package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the action log refuses before anything reaches the database, and in which words. */
class ActionValuesTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void aQueryTakesEveryKindAndStateTheLogWritesAndNamesABadOne() {
    assertThat(ActionKind.WIRE).containsExactly("play", "cancel", "retry", "mode");
    assertThat(ActionState.WIRE).containsExactly("sent", "done", "failed", "forbidden", "dry_run");
    for (String kind : ActionKind.WIRE) {
      for (String state : ActionState.WIRE) {
        assertThat(new ActionQuery(null, null, kind, state, null, null, 1, 0).state())
            .isEqualTo(state);
      }
    }
    assertThatThrownBy(() -> new ActionQuery(null, null, "replay", null, null, null, 1, 0))
        .hasMessage("kind must be play, cancel, retry or mode, but was replay");
    assertThatThrownBy(() -> new ActionQuery(null, null, null, "DONE", null, null, 1, 0))
        .hasMessage("state must be sent, done, failed, forbidden or dry_run, but was DONE");
    assertThatThrownBy(() -> new ActionQuery(null, null, null, null, null, null, 0, 0))
        .hasMessage("limit must be between 1 and 10000, but was 0");
    assertThatThrownBy(() -> new ActionQuery(null, null, null, null, null, null, 1, -1))
        .hasMessage("offset must not be negative, but was -1");
  }

  @Test
  void aPlannedActionIsAJobWriteWithAProjectAReasonAndAnInstance() {
    assertThatThrownBy(
            () -> new PlannedAction(ActionKind.MODE, 1, "shop/web", null, "off", false, T0, "a"))
        .hasMessage("a mode change is recorded as a ModeChange, not planned");
    assertThatThrownBy(
            () -> new PlannedAction(ActionKind.PLAY, 0, "shop/web", null, "why", false, T0, "a"))
        .hasMessage("job id must be positive, but was 0");
    assertThatThrownBy(
            () -> new PlannedAction(ActionKind.PLAY, 1, "shop/web", null, " ", false, T0, "a"))
        .hasMessage("reason must not be blank");
    assertThatThrownBy(
            () ->
                new PlannedAction(
                    ActionKind.PLAY, 1, "shop/web", "x".repeat(33), "why", false, T0, "a"))
        .hasMessageStartingWith("decision id must be at most 32 characters");
  }

  @Test
  void anAnswerIsDoneFailedOrForbiddenAndOnlyADoneRetryHasANewJob() {
    assertThatThrownBy(() -> new Answer(ActionState.SENT, T0, 200, null, null))
        .hasMessage("an answer is done, failed or forbidden, but was sent");
    assertThatThrownBy(() -> new Answer(ActionState.DONE, T0, 42, null, null))
        .hasMessage("http status must be 100-599, but was 42");
    assertThatThrownBy(() -> new Answer(ActionState.FAILED, T0, 500, null, 7L))
        .hasMessage("a new job id comes with a done retry and is positive, but was 7 with failed");
    String long_ = "e".repeat(5_000);
    assertThat(new Answer(ActionState.FAILED, T0, 500, long_, null).message())
        .hasSize(Texts.LONG)
        .endsWith("…");
  }
}
