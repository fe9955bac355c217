package dev.runneriq.core.priority;

/**
 * One line of a priority: which factor, how many points (may be negative) and the specifics in
 * words ("deploys to production").
 */
public record Factor(String factor, int points, String detail) {

  /** Renders as {@code deploys to production +40}. */
  public String render() {
    return appendTo(new StringBuilder(detail.length() + 5)).toString();
  }

  /** Appends {@link #render}'s words to {@code out}; {@code out}. */
  StringBuilder appendTo(StringBuilder out) {
    return out.append(detail).append(' ').append(points >= 0 ? "+" : "").append(points);
  }
}
