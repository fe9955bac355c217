package dev.runneriq.app.config;

import dev.runneriq.formats.Printable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Takes every configured secret out of a text before it leaves the process: the reasons the service
 * shows (GitLab's failures, what a poll skipped, the carbon provider's problems) and its log lines.
 * A secret can reach such a text by ways no single client guards: GitLab repeating one in an error
 * message, a library repeating a header's value in an exception. Each is replaced by {@value
 * #PLACEHOLDER}, as written and as {@link Printable#escape} shows it; longer secrets first, so one
 * that holds another goes whole. Built from the configuration: {@link ServiceConfig#redactor()}.
 */
public final class Redactor {
  public static final String PLACEHOLDER = "[REDACTED]";

  private final List<String> secrets;

  Redactor(List<@Nullable String> secrets) {
    var all = new LinkedHashSet<String>();
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        all.add(s);
        all.add(Printable.escape(s));
      }
    }
    var sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /** {@code text} without any secret. */
  public String redact(String text) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, PLACEHOLDER);
    }
    return out;
  }
}
