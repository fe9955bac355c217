package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  static final Instant NOW = Instant.parse("2024-07-05T10:30:00Z");

  @Test
  void secondsInDigits() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("007", NOW)).contains(Duration.ofSeconds(7));
  }

  @Test
  void anHttpDateIsTheTimeUntilThen() {
    assertThat(RetryAfter.parse("Fri, 05 Jul 2024 10:32:30 GMT", NOW))
        .contains(Duration.ofSeconds(150));
    assertThat(RetryAfter.parse("Fri, 05 Jul 2024 10:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  /**
   * One rule for every client: the GitLab client used to take at most nine digits (a longer number
   * was unreadable) and the carbon providers any signed number; both now take any run of digits,
   * and only digits.
   */
  @Test
  void anyNumberOfDigitsIsSecondsAndTheWaitStopsAtADay() {
    assertThat(RetryAfter.parse("86401", NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("10000000000", NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("9".repeat(40), NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("000000000000000000000000000005", NOW))
        .contains(Duration.ofSeconds(5));
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).contains(RetryAfter.LONGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "+30", "-5", "1.5", "30s", "2024-07-05T10:32:30Z"})
  void anythingElseIsUnreadable(String value) {
    assertThat(RetryAfter.parse(value, NOW)).isEmpty();
  }
}
