package dev.runneriq.store;

import dev.runneriq.formats.Printable;

/** The action log's text values: required ones must say something and fit their column. */
final class Texts {
  /** How many characters a reason or an answer keeps. */
  static final int LONG = 2_000;

  private Texts() {}

  static void required(String field, String value, int max) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " must be at most " + max + " characters, but was " + Printable.clip(value));
    }
  }

  /** {@code value} cut to {@code max} characters, ending in an ellipsis when it was longer. */
  static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
