package dev.runneriq.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.runneriq.app.config.LoggingConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the one log stream from a {@link LoggingConfig}: every logger ends in one appender on
 * stderr (stdout carries the commands' output, which users and scripts parse), in text or JSON,
 * redacted by {@link LogRedaction}. java.util.logging is bridged in, with Logback's levels copied
 * to it so that a line nobody reads is not even formatted.
 */
public final class Logs {
  /**
   * For every command until one applies its own: RunnerIQ's lines at INFO, libraries' warnings and
   * errors only, so that a command's stderr holds what it has to say.
   */
  public static final LoggingConfig COMMANDS =
      new LoggingConfig(LoggingConfig.Format.TEXT, "warn", Map.of("dev.runneriq", "info"));

  private static final String APPENDER = "runneriq";

  private Logs() {}

  /** Logs by {@code config} to stderr from now on. */
  public static void apply(LoggingConfig config) {
    configure(context(), config, null);
  }

  /** Logs by {@code config} to {@code out} from now on; {@link #apply} goes back to stderr. */
  public static void applyTo(LoggingConfig config, OutputStream out) {
    configure(context(), config, out);
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  /** Replaces whatever {@code context} had by {@code config}, written to {@code out} or stderr. */
  static void configure(LoggerContext context, LoggingConfig config, @Nullable OutputStream out) {
    context.reset();
    var propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    LayoutBase<ILoggingEvent> layout =
        config.format() == LoggingConfig.Format.JSON ? new JsonLineLayout() : new TextLineLayout();
    layout.setContext(context);
    layout.start();
    var encoder = new LayoutWrappingEncoder<ILoggingEvent>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender;
    if (out == null) {
      var stderr = new ConsoleAppender<ILoggingEvent>();
      stderr.setTarget("System.err");
      appender = stderr;
    } else {
      appender = new OutputStreamAppender<>();
    }
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(encoder);
    if (out != null) {
      appender.setOutputStream(out);
    }
    appender.start();

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(Level.toLevel(config.level()));
    config
        .levels()
        .forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));
    bridgeJul();
  }

  private static void bridgeJul() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
