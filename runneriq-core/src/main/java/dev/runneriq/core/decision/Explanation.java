package dev.runneriq.core.decision;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A decision's explanation in plain words, rendered when first read: a cycle decides on 100,000
 * pending jobs and most of its explanations are never read (a page of the queue, the decisions that
 * changed since the last cycle). Equal when the words are; thread-safe, and rendered at most once
 * by each thread that races to read it first (the words are the same).
 *
 * <p>Words rendered later come from {@link #later} or from a subclass that holds what they are made
 * of and renders them in {@link #render}: one object a decision where a function would be two.
 */
public class Explanation {
  private static final Explanation NONE = new Explanation("");

  private volatile @Nullable String text;

  /** Words known already. */
  public Explanation(String text) {
    this.text = text;
  }

  /** Words that {@link #render} gives when they are first read. */
  protected Explanation() {}

  /** No explanation. */
  public static Explanation none() {
    return NONE;
  }

  /** Words rendered by {@code words} when first read; it must be pure. */
  public static Explanation later(Supplier<String> words) {
    return new Explanation() {
      @Override
      protected String render() {
        return words.get();
      }
    };
  }

  /**
   * The words of an explanation made without them, worked out from what the subclass holds; pure,
   * as two threads may render them at once. Never called on one made with its words.
   */
  protected String render() {
    throw new IllegalStateException("an explanation made without words renders none");
  }

  /** The words, rendered now if they were not yet. */
  public final String text() {
    String t = text;
    if (t == null) {
      t = render();
      text = t;
    }
    return t;
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Explanation e && e.text().equals(text());
  }

  @Override
  public final int hashCode() {
    return text().hashCode();
  }

  @Override
  public final String toString() {
    return text();
  }
}
