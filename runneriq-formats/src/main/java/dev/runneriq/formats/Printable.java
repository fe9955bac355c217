package dev.runneriq.formats;

import java.util.Locale;

/**
 * Text from a file, a database or a model made safe to put before a person: every character a
 * terminal would act on instead of showing (C0 and C1 controls, DEL, line and paragraph separators,
 * bidirectional overrides, isolates and marks, lone surrogates) is written as a visible escape,
 * {@code \x1b} or {@code \u202e}. Nothing else changes.
 */
public final class Printable {
  /** How many characters of a value an error message repeats. */
  public static final int CLIP = 200;

  private Printable() {}

  /**
   * {@code value} as an error message repeats it: escaped, and when longer than {@value #CLIP}
   * characters, its start and how long it was ({@code xxxx… (2000000 chars)}).
   */
  public static String clip(String value) {
    int length = value.codePointCount(0, value.length());
    if (length <= CLIP) {
      return escape(value);
    }
    return escape(value.substring(0, value.offsetByCodePoints(0, CLIP)))
        + "… ("
        + length
        + " chars)";
  }

  /** {@code text} with the characters a terminal acts on written as escapes. */
  public static String escape(String text) {
    if (text.codePoints().noneMatch(Printable::acts)) {
      return text;
    }
    var out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              if (!acts(c)) {
                out.appendCodePoint(c);
              } else if (c <= 0xff) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
              }
            });
    return out.toString();
  }

  /** Whether a terminal would act on {@code c} rather than show it. */
  private static boolean acts(int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }
}
