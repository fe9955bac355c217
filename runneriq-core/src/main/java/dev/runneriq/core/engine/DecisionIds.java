package dev.runneriq.core.engine;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * ULID-shaped decision ids (26 Crockford base-32 characters, time-ordered) drawn from the cycle's
 * clock reading, seed and job id, so the same input always yields the same ids.
 */
final class DecisionIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private DecisionIds() {}

  static String of(Instant now, long seed, long jobId) {
    var random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ jobId);
    long time = now.toEpochMilli();
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      out[i] = ALPHABET[random.nextInt(32)];
    }
    return new String(out);
  }
}
