package dev.runneriq.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * One event as a line for people: {@code 2026-03-02T10:15:02.123Z WARN [thread] logger: message
 * key=value …}, its stack trace on the lines after. Fields are those of {@link EventFields}; the
 * message and every field are redacted.
 */
final class TextLineLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent event) {
    var b = new StringBuilder(160);
    b.append(EventFields.timestamp(event))
        .append(' ')
        .append(String.format("%-5s", event.getLevel()))
        .append(" [")
        .append(event.getThreadName())
        .append("] ")
        .append(event.getLoggerName())
        .append(": ")
        .append(EventFields.message(event));
    EventFields.of(event).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    b.append(System.lineSeparator());
    String exception = EventFields.exception(event);
    if (exception != null) {
      b.append(exception);
    }
    return b.toString();
  }
}
