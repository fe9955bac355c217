package dev.runneriq.app.logging;

import dev.runneriq.app.config.Redactor;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The secrets no log line may carry: the redactors of the services running in this process. Every
 * layout of this package passes each text it writes (message, field values, stack trace) through
 * {@link #redact} before it encodes it, so a library that repeats a token in its own message is
 * covered as much as RunnerIQ's lines.
 */
public final class LogRedaction {
  private static final Set<Redactor> ACTIVE = new CopyOnWriteArraySet<>();

  private LogRedaction() {}

  /** Redacts with {@code redactor} from now until it is {@link #remove removed}. */
  public static void add(Redactor redactor) {
    ACTIVE.add(redactor);
  }

  public static void remove(Redactor redactor) {
    ACTIVE.remove(redactor);
  }

  /** {@code text} without any secret of a running service. */
  static String redact(String text) {
    String out = text;
    for (var r : ACTIVE) {
      out = r.redact(out);
    }
    return out;
  }
}
