package dev.runneriq.core.priority;

/**
 * One line of a priority: which factor, how many points (may be negative) and the specifics in
 * words ("deploys to production").
 */
public record Factor(String factor, int points, String detail) {

  /** Renders as {@code deploys to production +40}. */
  public String render() {
    return detail + " " + (points >= 0 ? "+" : "") + points;
  }
}
