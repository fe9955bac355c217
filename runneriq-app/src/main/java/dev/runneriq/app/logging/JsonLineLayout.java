package dev.runneriq.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One event as one JSON object on one line, for log collectors: {@code timestamp} (ISO-8601, UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, then each field of {@link
 * EventFields} as a string of its own ({@code decision_id}, {@code job_id}, {@code cycle}, …), and
 * {@code exception} when there is a stack trace. Jackson writes the strings, so any message —
 * quotes, line breaks, control characters, any script — stays one valid line; every text is
 * redacted first.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String doLayout(ILoggingEvent event) {
    var out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", EventFields.timestamp(event));
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", EventFields.message(event));
      for (var f : EventFields.of(event).entrySet()) {
        g.writeStringField(f.getKey(), f.getValue());
      }
      String exception = EventFields.exception(event);
      if (exception != null) {
        g.writeStringField("exception", exception);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.append('\n').toString();
  }
}
