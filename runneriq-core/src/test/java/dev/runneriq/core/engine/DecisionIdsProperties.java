package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Decision ids are what they were when drawn with the JDK's SplittableRandom. */
class DecisionIdsProperties {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  @Property(tries = 2000)
  void theIdIsTheTimeThenSixteenDrawsOfTheSeededGenerator(
      @ForAll @LongRange(min = 0, max = 1L << 47) long millis,
      @ForAll long seed,
      @ForAll long jobId) {
    var now = Instant.ofEpochMilli(millis);
    var random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ jobId);
    var expected = new char[26];
    long time = millis;
    for (int i = 9; i >= 0; i--) {
      expected[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      expected[i] = ALPHABET[random.nextInt(32)];
    }

    assertThat(DecisionIds.of(now, seed, jobId)).isEqualTo(new String(expected));
  }
}
