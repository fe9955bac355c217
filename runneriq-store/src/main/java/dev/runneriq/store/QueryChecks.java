package dev.runneriq.store;

import dev.runneriq.formats.Printable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks every audit-log query makes of its filters, in one place, so that the decisions and
 * the actions refuse a bad value with the same words whether it came from the API or the CLI.
 */
final class QueryChecks {
  static final int MAX_LIMIT = 10_000;

  private QueryChecks() {}

  /** Refuses {@code value} unless it is null or one of {@code allowed}, naming the field. */
  static void oneOf(String field, @Nullable String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      String list =
          String.join(", ", allowed.subList(0, allowed.size() - 1))
              + " or "
              + allowed.get(allowed.size() - 1);
      throw new IllegalArgumentException(
          field + " must be " + list + ", but was " + Printable.clip(value));
    }
  }

  /** Refuses a page size outside 1–10,000 or a negative offset. */
  static void page(int limit, int offset) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", but was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, but was " + offset);
    }
  }
}
