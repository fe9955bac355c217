package dev.runneriq.core.priority;

import dev.runneriq.core.model.PendingJob;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A job's own word on its priority ({@code RUNNERIQ_PRIORITY} by default) as a factor line: a level
 * or a number 0–100, worth at most the policy's cap either way, and never enough alone to make a
 * job CRITICAL. Pure and thread-safe.
 */
final class Hints {
  private final PriorityPolicy.Hint hint;
  private final int critical;

  Hints(PriorityPolicy policy) {
    this.hint = policy.hint();
    this.critical = policy.tiers().critical();
  }

  /**
   * The hint's line for a job whose other lines sum to {@code base}, or null when it gives none.
   */
  @Nullable Factor factor(PendingJob job, int base) {
    String value = job.variables().get(hint.variable());
    if (value == null || value.isBlank()) {
      return null;
    }
    int points = points(value.trim().toLowerCase(Locale.ROOT), hint.cap());
    String detail = hint.variable() + "=" + quote(value);
    if (base < critical && base + points >= critical) {
      points = critical - 1 - base;
      detail += " (a hint alone never makes a job CRITICAL)";
    }
    return new Factor(Analyzer.HINT, points, detail);
  }

  /** Whether the job's hint asks for the most a hint can give. */
  boolean atMaximum(PendingJob job) {
    String value = job.variables().get(hint.variable());
    return value != null
        && hint.cap() > 0
        && points(value.trim().toLowerCase(Locale.ROOT), hint.cap()) == hint.cap();
  }

  private static int points(String value, int cap) {
    switch (value) {
      case "critical", "high", "urgent" -> {
        return cap;
      }
      case "medium", "normal", "default" -> {
        return 0;
      }
      case "low", "background" -> {
        return -cap;
      }
      default -> {
        try {
          double n = Double.parseDouble(value);
          if (!(n >= 0 && n <= 100)) {
            return 0;
          }
          return (int) Math.round((n - 50) / 50 * cap);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
  }

  private static String quote(String s) {
    String cut = s.length() > 32 ? s.substring(0, 32) + "…" : s;
    return "\"" + cut.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
