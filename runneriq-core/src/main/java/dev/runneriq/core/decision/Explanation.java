package dev.runneriq.core.decision;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A decision's explanation in plain words, rendered when first read: a cycle decides on 100,000
 * pending jobs and most of its explanations are never read (a page of the queue, the decisions that
 * changed since the last cycle). Equal when the words are; thread-safe, and rendered at most once
 * by each thread that races to read it first (the words are the same).
 */
public final class Explanation {
  private static final Explanation NONE = new Explanation("");

  private volatile @Nullable String text;
  private volatile @Nullable Supplier<String> words;

  /** Words known already. */
  public Explanation(String text) {
    this.text = text;
  }

  private Explanation(Supplier<String> words) {
    this.words = words;
  }

  /** No explanation. */
  public static Explanation none() {
    return NONE;
  }

  /** Words rendered by {@code words} when first read; it must be pure. */
  public static Explanation later(Supplier<String> words) {
    return new Explanation(words);
  }

  /** The words, rendered now if they were not yet. */
  public String text() {
    String t = text;
    if (t == null) {
      var w = words;
      if (w == null) {
        t = text; // another thread rendered them meanwhile
      } else {
        t = w.get();
        text = t;
        words = null;
      }
    }
    return java.util.Objects.requireNonNull(t);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Explanation e && e.text().equals(text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
