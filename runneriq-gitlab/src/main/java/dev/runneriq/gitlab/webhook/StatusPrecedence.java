package dev.runneriq.gitlab.webhook;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which of two states of the same job or pipeline is the later one, when webhooks arrive out of
 * order. A status further along GitLab's life cycle wins ({@code created} < waiting states < {@code
 * pending} < {@code running} < {@code canceling} < {@code success}/{@code failed}/{@code
 * canceled}/{@code skipped}); between equals, the later timestamp; a tie keeps what is there.
 * GitLab gives a retried job a new id, so a job never really moves backwards.
 */
public final class StatusPrecedence {
  private StatusPrecedence() {}

  /**
   * The rank of a status. Unknown statuses rank with the waiting ones: after {@code created},
   * before {@code pending}, so a known later state always overrides them.
   */
  public static int rank(String status) {
    return switch (status) {
      case "created" -> 0;
      case "pending" -> 2;
      case "running" -> 3;
      case "canceling" -> 4;
      case "success", "failed", "canceled", "skipped" -> 5;
      default -> 1; // waiting_for_resource, preparing, scheduled, manual, and anything newer
    };
  }

  /** Whether a job with this status has left the queue: running, canceling or finished. */
  public static boolean pastPending(String status) {
    return rank(status) > rank("pending");
  }

  /** Whether {@code incoming} should replace {@code current}. */
  public static boolean supersedes(StatusUpdate incoming, StatusUpdate current) {
    int byRank = Integer.compare(rank(incoming.status()), rank(current.status()));
    if (byRank != 0) {
      return byRank > 0;
    }
    return later(incoming.at(), current.at());
  }

  private static boolean later(@Nullable Instant a, @Nullable Instant b) {
    return a != null && (b == null || a.isAfter(b));
  }
}
