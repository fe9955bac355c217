package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelBreakerTest {
  private final Fixtures.TestClock clock = new Fixtures.TestClock();
  private final ModelBreaker breaker =
      new ModelBreaker(new LlmConfig.Breaker(3, Duration.ofSeconds(30)), clock);

  private ModelBreaker.Permit permit() {
    var permit = breaker.tryAcquire();
    assertThat(permit).as("a permit").isNotNull();
    return permit;
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      permit().failed(Failure.API_ERROR);
    }
  }

  @Test
  void aSuccessResetsTheCount() {
    fail(2);
    permit().succeeded();
    fail(2);
    assertThat(breaker.tryAcquire()).as("still closed").isNotNull();
  }

  @Test
  void opensAtTheThresholdAndLetsOneTrialThroughAfterTheCoolDown() {
    fail(3);
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(breaker.refusal())
        .isEqualTo("circuit open after 3 consecutive failures, until 2026-11-28T10:00:30Z");
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).as("the trial").isNotNull();
    assertThat(breaker.tryAcquire()).as("only one trial at a time").isNull();
    assertThat(breaker.refusal()).endsWith("; a trial call is under way");
  }

  @Test
  void aFailedTrialOpensForAnotherCoolDown() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    permit().failed(Failure.TIMEOUT);
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(breaker.refusal()).startsWith("circuit open after 4 consecutive failures");
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isNull();
    clock.advance(Duration.ofSeconds(2));
    assertThat(breaker.tryAcquire()).isNotNull();
  }

  @Test
  void aSuccessfulTrialClosesIt() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    permit().succeeded();
    fail(3);
    assertThat(breaker.tryAcquire()).as("open again after three more failures").isNull();
  }

  @Test
  void aReleasedTrialCanBeTakenAgain() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    permit().release();
    assertThat(breaker.tryAcquire()).isNotNull();
  }

  /** Only the first outcome of a permit counts: releasing a told one frees no second trial. */
  @Test
  void aPermitIsToldOnce() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    var trial = permit();
    trial.failed(Failure.MALFORMED);
    trial.release();
    trial.succeeded();
    assertThat(breaker.tryAcquire()).as("open again after the failed trial").isNull();
  }
}
