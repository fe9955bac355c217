package dev.runneriq.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when it starts, found by the ServiceLoader ({@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}): {@link Logs#COMMANDS} on stderr.
 * Without it Logback would log every library's DEBUG lines to stdout, mixed into the output of
 * {@code simulate --json} and the like; no logback.xml is read.
 */
public final class CommandLogs extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    Logs.configure(context, Logs.COMMANDS, null);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
