package dev.runneriq.app.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the service writes its log (to stderr; stdout is the commands' output): one line of text or
 * one JSON object per event, the level of every logger, and levels per logger or package that
 * override it.
 *
 * @param level the root logger's level, one of {@link #LEVELS}
 * @param levels a level per logger name or package prefix, e.g. {@code org.eclipse.jetty: warn}
 */
public record LoggingConfig(Format format, String level, Map<String, String> levels) {
  /** The levels a logger can be set to, from the most to the least verbose. */
  public static final List<String> LEVELS =
      List.of("trace", "debug", "info", "warn", "error", "off");

  /**
   * Libraries that say at INFO what only matters when debugging them (Jetty's and Javalin's start,
   * Flyway's migrations, the MCP SDK's sessions): warnings and errors only, unless the file says.
   */
  static final Map<String, String> LIBRARY_DEFAULTS =
      Map.of(
          "org.eclipse.jetty", "warn",
          "io.javalin", "warn",
          "org.flywaydb", "warn",
          "io.modelcontextprotocol", "warn");

  /** Text at INFO, the libraries of {@link #LIBRARY_DEFAULTS} at WARN. */
  public static final LoggingConfig DEFAULT =
      new LoggingConfig(Format.TEXT, "info", LIBRARY_DEFAULTS);

  /** One line of text per event, or one JSON object per line. */
  public enum Format {
    TEXT,
    JSON;

    /** The name as written in {@code runneriq.yaml}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LoggingConfig {
    requireLevel(level, "level");
    levels.forEach((logger, l) -> requireLevel(l, "levels." + logger));
    levels = java.util.Collections.unmodifiableMap(new TreeMap<>(levels));
  }

  private static void requireLevel(String level, String key) {
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException(
          "logging." + key + " must be one of " + String.join(", ", LEVELS) + ", but was " + level);
    }
  }
}
