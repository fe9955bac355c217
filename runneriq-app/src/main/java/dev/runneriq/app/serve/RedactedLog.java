package dev.runneriq.app.serve;

import dev.runneriq.app.config.Redactor;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The process's log lines without any configured secret: every handler of java.util.logging's root
 * logger (where {@link System.Logger} writes, from every module) formats through the redactors of
 * the services running, the message, its parameters and any stack trace alike. A handler added
 * after a service started is not covered.
 */
final class RedactedLog {
  private static final Set<Redactor> ACTIVE = new CopyOnWriteArraySet<>();

  private RedactedLog() {}

  /** Redacts with {@code redactor} from now until it is {@link #remove removed}. */
  static void add(Redactor redactor) {
    ACTIVE.add(redactor);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      synchronized (h) {
        var f = h.getFormatter();
        if (!(f instanceof Redacting)) {
          h.setFormatter(new Redacting(f == null ? new SimpleFormatter() : f));
        }
      }
    }
  }

  static void remove(Redactor redactor) {
    ACTIVE.remove(redactor);
  }

  private static final class Redacting extends Formatter {
    private final Formatter inner;

    Redacting(Formatter inner) {
      this.inner = inner;
    }

    @Override
    public String format(LogRecord record) {
      String line = inner.format(record);
      for (var r : ACTIVE) {
        line = r.redact(line);
      }
      return line;
    }

    @Override
    public String getHead(Handler h) {
      return inner.getHead(h);
    }

    @Override
    public String getTail(Handler h) {
      return inner.getTail(h);
    }
  }
}
