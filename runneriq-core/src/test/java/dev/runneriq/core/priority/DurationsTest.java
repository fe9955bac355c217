package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void aGranuleSaysWhatItsDurationSays() {
    var random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      // every scale: seconds, minutes, hours and days
      double seconds = Math.pow(10, random.nextDouble(-1, 6.5));
      assertThat(Durations.words((double) Durations.granule(seconds)))
          .as("%s s", seconds)
          .isEqualTo(Durations.words(seconds));
    }
  }

  @Test
  void durationsSaidAlikeShareAGranuleAndOthersDoNot() {
    assertThat(Durations.granule(61)).isEqualTo(Durations.granule(119)).isEqualTo(60);
    assertThat(Durations.granule(59.4)).isEqualTo(59);
    assertThat(Durations.granule(3 * 86_400 + 3_599)).isEqualTo(3 * 86_400);
    assertThat(Durations.granule(47 * 3_600 + 61)).isNotEqualTo(Durations.granule(47 * 3_600));
  }
}
