package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final Fixtures.TestClock clock = new Fixtures.TestClock();
  private final CircuitBreaker breaker =
      new CircuitBreaker(new LlmConfig.Breaker(3, Duration.ofSeconds(30)), clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isNull();
      breaker.onFailure();
    }
  }

  @Test
  void aSuccessResetsTheCount() {
    fail(2);
    breaker.onSuccess();
    fail(2);
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void opensAtTheThresholdAndLetsOneTrialThroughAfterTheCoolDown() {
    fail(3);
    assertThat(breaker.tryAcquire()).startsWith("circuit open after 3 consecutive failures");
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).as("the trial").isNull();
    assertThat(breaker.tryAcquire()).as("only one trial at a time").isNotNull();
  }

  @Test
  void aFailedTrialOpensForAnotherCoolDown() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isNull();
    breaker.onFailure();
    assertThat(breaker.isOpen()).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isNotNull();
    clock.advance(Duration.ofSeconds(2));
    assertThat(breaker.tryAcquire()).isNull();
  }

  @Test
  void aReleasedTrialCanBeTakenAgain() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isNull();
    breaker.release();
    assertThat(breaker.tryAcquire()).isNull();
  }
}
