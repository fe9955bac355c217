package dev.runneriq.gitlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The normalisations every model applies to what GitLab sent. */
final class Lenient {
  static final String UNKNOWN = "unknown";

  private Lenient() {}

  /** An immutable copy without null elements; empty for null. */
  static <T> List<T> list(@Nullable List<T> values) {
    if (values == null) {
      return List.of();
    }
    var out = new ArrayList<T>(values.size());
    for (T v : values) {
      if (v != null) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  /** The status as sent, or {@code "unknown"} when missing or blank. */
  static String status(@Nullable String status) {
    return status == null || status.isBlank() ? UNKNOWN : status;
  }

  static String text(@Nullable String value) {
    return Objects.requireNonNullElse(value, "");
  }
}
