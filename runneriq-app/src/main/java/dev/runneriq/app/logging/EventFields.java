package dev.runneriq.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a log event says besides its message, redacted: the MDC (such as the control loop's {@code
 * cycle}) then the event's own SLF4J key-value pairs ({@code decision_id}, {@code job_id}, …), a
 * pair overriding an MDC entry of its name; and its stack trace.
 */
final class EventFields {
  /** The names the JSON layout writes itself; a field of one of them is written with a prefix. */
  static final Set<String> RESERVED =
      Set.of("timestamp", "level", "logger", "thread", "message", "exception");

  private EventFields() {}

  static Map<String, String> of(ILoggingEvent event) {
    var out = new LinkedHashMap<String, String>();
    event.getMDCPropertyMap().forEach((k, v) -> put(out, k, v));
    var pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (var p : pairs) {
        put(out, p.key, p.value);
      }
    }
    return out;
  }

  private static void put(Map<String, String> out, @Nullable String key, @Nullable Object value) {
    if (key == null) {
      return;
    }
    String name = RESERVED.contains(key) ? "field_" + key : key;
    out.put(LogRedaction.redact(name), LogRedaction.redact(String.valueOf(value)));
  }

  /** The event's stack trace as text, redacted; null when it has none. */
  static @Nullable String exception(ILoggingEvent event) {
    var t = event.getThrowableProxy();
    return t == null ? null : LogRedaction.redact(ThrowableProxyUtil.asString(t));
  }

  /** When it happened, ISO-8601 in UTC to the millisecond: {@code 2026-03-02T10:15:02.123Z}. */
  static String timestamp(ILoggingEvent event) {
    return DateTimeFormatter.ISO_INSTANT.format(event.getInstant().truncatedTo(ChronoUnit.MILLIS));
  }

  static String message(ILoggingEvent event) {
    return LogRedaction.redact(String.valueOf(event.getFormattedMessage()));
  }
}
