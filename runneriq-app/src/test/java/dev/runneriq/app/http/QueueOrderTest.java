package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue's order is read off a cycle's decisions when they come in the engine's order, and is
 * the same as the sorted one; decisions in another order are sorted.
 */
class QueueOrderTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String[] REFS = {"main", "feature/a", "v1.0.0"};

  @Test
  void theOrderReadOffTheDecisionsIsTheSortedOrder() {
    var jobs = new ArrayList<PendingJob>();
    for (int i = 0; i < 60; i++) {
      jobs.add(job(100 + i, i % 3 == 0 ? "deploy-prod" : "lint", REFS[i % 3], i * 37 % 50));
    }
    var snapshot = new Snapshot(NOW, List.of(Runner.builder(1, "r1").concurrency(2).build()), jobs);
    var decisions = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 7);
    // one job the cycle did not decide, e.g. announced by a hook after it began
    var late = job(999, "lint", "main", 90);
    var withLate = new ArrayList<>(jobs);
    withLate.add(0, late);
    var shuffled = new ArrayList<>(decisions);
    Collections.reverse(shuffled);

    var read = QueueOrder.of(state(new Snapshot(NOW, List.of(), withLate), decisions)).jobs();
    var sorted = QueueOrder.of(state(new Snapshot(NOW, List.of(), withLate), shuffled)).jobs();

    assertThat(read).hasSize(61).isEqualTo(sorted).endsWith(late);
    var advice = Views.byJob(decisions);
    assertThat(QueueOrder.inDecisionOrder(decisions, withLate, advice)).isEqualTo(read);
    assertThat(QueueOrder.inDecisionOrder(shuffled, withLate, advice)).isNull();
    for (int k = 1; k < 60; k++) {
      int before = advice.get(read.get(k - 1).id()).priority().score();
      int after = advice.get(read.get(k).id()).priority().score();
      assertThat(before).isGreaterThanOrEqualTo(after);
      if (before == after) {
        assertThat(read.get(k - 1).pendingSince()).isBeforeOrEqualTo(read.get(k).pendingSince());
      }
    }
  }

  /**
   * Every request of the service sees the cycle through a view of its own (secrets redacted): the
   * views of one cycle share one order, worked out once; the next cycle gets its own.
   */
  @Test
  void theViewsOfOneCycleShareItsOrder() {
    var jobs = new ArrayList<PendingJob>();
    for (int i = 0; i < 20; i++) {
      jobs.add(job(100 + i, "lint", REFS[i % 3], i));
    }
    var snapshot = new Snapshot(NOW, List.of(Runner.builder(1, "r1").build()), jobs);
    var decisions = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 7);

    var first = QueueOrder.of(state(snapshot, decisions));
    assertThat(QueueOrder.of(state(snapshot, decisions))).isSameAs(first);
    var next = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 7);
    assertThat(QueueOrder.of(state(snapshot, next))).isNotSameAs(first);
  }

  private static PendingJob job(long id, String name, String ref, int minutesPending) {
    boolean main = ref.equals("main");
    var pipeline =
        new Pipeline(
            id / 3,
            "shop/web",
            ref,
            ref.startsWith("v") ? Pipeline.TAG : Pipeline.BRANCH,
            main,
            main,
            "push",
            "dana",
            false,
            List.of());
    return new PendingJob(
        id,
        name,
        name.startsWith("deploy") ? "deploy" : "test",
        List.of(),
        NOW.minusSeconds(60L * minutesPending),
        3600L,
        null,
        Map.of(),
        pipeline,
        null,
        false);
  }

  private static LiveState state(Snapshot snapshot, List<Decision> decisions) {
    return new FixedState(snapshot, decisions, NOW, null, true);
  }
}
