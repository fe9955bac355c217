package dev.runneriq.core.engine;

import java.time.Instant;

/**
 * ULID-shaped decision ids (26 Crockford base-32 characters, time-ordered) drawn from the cycle's
 * clock reading, seed and job id, so the same input always yields the same ids.
 *
 * <p>The 16 random characters are the low five bits of successive SplitMix draws seeded with the
 * seed and job id: what {@code new SplittableRandom(s).nextInt(32)} gives, 16 times, worked out
 * here without the generator, as a cycle draws one id per pending job.
 */
final class DecisionIds {
  private static final byte[] ALPHABET = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J',
    'K', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z'
  };

  /** SplitMix's increment: the odd number nearest 2^64 over the golden ratio. */
  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private DecisionIds() {}

  // the ASCII constructor takes the bytes as Latin-1 characters as they are: one array, where a
  // char[] would be compressed into a second (a cycle draws 100,000 ids)
  @SuppressWarnings("deprecation")
  static String of(Instant now, long seed, long jobId) {
    long state = seed * 0x9E3779B97F4A7C15L ^ jobId;
    long time = now.toEpochMilli();
    var out = new byte[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      state += GAMMA;
      out[i] = ALPHABET[mix32(state) & 31];
    }
    return new String(out, 0);
  }

  /** SplitMix's 32-bit output function (Stafford's variant 4 of the 64-bit finalizer). */
  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }
}
