package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Factor;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AdviceLogTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void aJobIsLoggedWhenNewAndWhenItsAdviceChangesWhereverItStandsInTheQueue() {
    var log = new AdviceLog(1000);
    var first = log.changed(List.of(waits("a1", 1, Tier.LOW), waits("a2", 2, Tier.LOW)));
    assertThat(first).extracting(Decision::id).containsExactly("a1", "a2");

    // the queue in another order; job 1 the same advice (its words and score may differ), job 2
    // assigned, job 3 new
    var second =
        log.changed(
            List.of(assigned("b2", 2, 7), waits("b3", 3, Tier.LOW), waits("b1", 1, Tier.LOW)));
    assertThat(second).extracting(Decision::id).containsExactly("b2", "b3");
    assertThat(log.loggedIds()).isEqualTo(Map.of(1L, "a1", 2L, "b2", 3L, "b3"));

    // another runner, another tier, a deferral: each is new advice
    var third =
        log.changed(
            List.of(
                assigned("c2", 2, 8),
                waits("c3", 3, Tier.MEDIUM),
                deferred("c1", 1, T0.plusSeconds(3600))));
    assertThat(third).extracting(Decision::id).containsExactly("c2", "c3", "c1");
    assertThat(log.changed(List.of(assigned("d2", 2, 8)))).isEmpty();
    assertThat(log.loggedIds()).isEqualTo(Map.of(2L, "c2"));
  }

  @Test
  void aDeferralToAnotherTimeIsNewAdvice() {
    var log = new AdviceLog(1000);
    log.changed(List.of(deferred("a1", 1, T0.plusSeconds(3600))));

    assertThat(log.changed(List.of(deferred("b1", 1, T0.plusSeconds(3600))))).isEmpty();
    assertThat(log.changed(List.of(deferred("c1", 1, T0.plusSeconds(7200)))))
        .extracting(Decision::id)
        .containsExactly("c1");
  }

  @Test
  void aJobThatLeftTheQueueIsNewWhenItComesBack() {
    var log = new AdviceLog(1000);
    log.changed(List.of(waits("a1", 1, Tier.LOW)));
    log.changed(List.of(waits("b2", 2, Tier.LOW)));

    assertThat(log.changed(List.of(waits("c1", 1, Tier.LOW))))
        .extracting(Decision::id)
        .containsExactly("c1");
  }

  @Test
  void anOutcomeIsLoggedOnceItsJobHasALoggedDecisionAndOnlyWhenItChanges() {
    var log = new AdviceLog(1000);
    assertThat(log.worthLogging(outcome(1, "running", 7L))).as("held").isFalse();

    var logged = log.changed(List.of(waits("a1", 1, Tier.LOW)));
    assertThat(log.released(logged)).containsExactly(outcome(1, "running", 7L));
    assertThat(log.released(logged)).as("released once").isEmpty();
    assertThat(log.worthLogging(outcome(1, "running", 7L))).as("the same again").isFalse();
    assertThat(log.worthLogging(outcome(1, "success", 7L))).isTrue();
    assertThat(log.worthLogging(outcome(1, "success", 7L))).isFalse();
  }

  @Test
  void aLongQueueThatMovesIsLoggedAsTheAdviceOfEachJobChanges() {
    var log = new AdviceLog(100_000);
    var random = new Random(7);
    var advice = new java.util.HashMap<Long, Long>();
    var loggedId = new java.util.HashMap<Long, String>();
    for (int cycle = 0; cycle < 20; cycle++) {
      var cycleDecisions = new ArrayList<Decision>();
      var seen = new java.util.HashMap<Long, Long>();
      for (long job = 1; job <= 3000; job++) {
        if (random.nextInt(10) == 0) {
          continue; // not pending this cycle
        }
        long runner = random.nextInt(20) == 0 ? random.nextInt(3) : advice.getOrDefault(job, 0L);
        seen.put(job, runner);
        cycleDecisions.add(assigned("c" + cycle + "-" + job, job, runner));
      }
      java.util.Collections.shuffle(cycleDecisions, random);

      var expected = new ArrayList<String>();
      var expectedIds = new java.util.HashMap<Long, String>();
      for (var d : cycleDecisions) {
        boolean news = !d.runnerId().equals(advice.get(d.jobId()));
        if (news) {
          expected.add(d.id());
        }
        expectedIds.put(d.jobId(), news ? d.id() : loggedId.get(d.jobId()));
      }
      assertThat(log.changed(cycleDecisions)).extracting(Decision::id).isEqualTo(expected);
      assertThat(log.loggedIds()).isEqualTo(expectedIds);
      advice = seen;
      loggedId = expectedIds;
    }
  }

  private static Decision waits(String id, long job, Tier tier) {
    return Decision.builder(id, T0, "advisory", job, ref(job), priority(tier))
        .action(Action.WAIT)
        .build();
  }

  private static Decision deferred(String id, long job, Instant until) {
    return Decision.builder(id, T0, "advisory", job, ref(job), priority(Tier.LOW))
        .action(Action.DEFER)
        .deferUntil(until)
        .build();
  }

  private static Decision assigned(String id, long job, long runner) {
    return Decision.builder(id, T0, "advisory", job, ref(job), priority(Tier.HIGH))
        .action(Action.ASSIGN)
        .runnerId(runner)
        .build();
  }

  private static Decision.JobRef ref(long job) {
    return new Decision.JobRef("rspec", "test", "shop/web", 100 + job, "main");
  }

  private static Priority priority(Tier tier) {
    int score = tier == Tier.LOW ? 20 : tier == Tier.MEDIUM ? 45 : 70;
    return new Priority(score, tier, List.of(new Factor("base", score, "base")));
  }

  private static JobOutcome outcome(long job, String status, @Nullable Long runner) {
    return new JobOutcome(job, runner, status, T0, null, null, null, null, null, null);
  }
}
