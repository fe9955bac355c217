package dev.runneriq.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.gate.ReleaseRule.Release;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReleaseRuleTest {
  final ReleaseRule k1 = new ReleaseRule(1);

  @Test
  void aJobTheEngineAssignedIsPlayedWhateverItsPool() {
    assertThat(k1.release(Action.ASSIGN, true, 5, () -> true)).isEqualTo(Release.PLAY);
  }

  @Test
  void aWaitingJobIsPlayedAheadOfASlotOnlyWithinK() {
    assertThat(k1.release(Action.WAIT, false, 0, () -> false)).isEqualTo(Release.PLAY_BEYOND);
    assertThat(k1.release(Action.WAIT, false, 1, () -> false)).isEqualTo(Release.HOLD);
    assertThat(new ReleaseRule(0).release(Action.WAIT, false, 0, () -> false))
        .isEqualTo(Release.HOLD);
  }

  @Test
  void aWaitingJobIsHeldWhileItsPoolHasAFreeSlotTheEngineKeptForOthers() {
    // the engine made it wait with a slot free: that slot is kept for rarer or more urgent work
    assertThat(k1.release(Action.WAIT, true, 0, () -> false)).isEqualTo(Release.HOLD);
  }

  @Test
  void aJobSomeRunnerKeepsItsLastSlotsFromIsNotPlayedAheadOfASlot() {
    assertThat(k1.release(Action.WAIT, false, 0, () -> true)).isEqualTo(Release.HOLD);
  }

  @Test
  void deferredAndUnplaceableJobsStayHeld() {
    for (var a : new Action[] {Action.DEFER, Action.UNPLACEABLE, Action.PREEMPT}) {
      assertThat(k1.release(a, false, 0, () -> false)).as(a.wire()).isEqualTo(Release.HOLD);
    }
  }

  @Test
  void theReservationIsAskedOnlyWhenTheRestWouldPlayTheJob() {
    var asked = new AtomicInteger();
    k1.release(Action.WAIT, true, 0, () -> asked.incrementAndGet() > 0);
    k1.release(Action.WAIT, false, 1, () -> asked.incrementAndGet() > 0);
    k1.release(Action.ASSIGN, false, 0, () -> asked.incrementAndGet() > 0);
    assertThat(asked).hasValue(0);
    k1.release(Action.WAIT, false, 0, () -> asked.incrementAndGet() > 0);
    assertThat(asked).hasValue(1);
  }

  @Test
  void kBelowZeroIsRefusedInWords() {
    assertThatThrownBy(() -> new ReleaseRule(-1))
        .hasMessageContaining("k, the played jobs kept beyond the free slots")
        .hasMessageContaining("-1");
  }
}
