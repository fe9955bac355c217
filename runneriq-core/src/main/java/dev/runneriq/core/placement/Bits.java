package dev.runneriq.core.placement;

/** Sets of runner positions as arrays of 64-bit words, position {@code i} at bit {@code i % 64}. */
final class Bits {
  private Bits() {}

  static boolean has(long[] bits, int i) {
    return (bits[i >> 6] & (1L << i)) != 0;
  }

  static void set(long[] bits, int i) {
    bits[i >> 6] |= 1L << i;
  }

  static void clear(long[] bits, int i) {
    bits[i >> 6] &= ~(1L << i);
  }

  /** The lowest position in {@code bits}, or -1 when it is empty. */
  static int first(long[] bits) {
    for (int w = 0; w < bits.length; w++) {
      if (bits[w] != 0) {
        return w * 64 + Long.numberOfTrailingZeros(bits[w]);
      }
    }
    return -1;
  }
}
