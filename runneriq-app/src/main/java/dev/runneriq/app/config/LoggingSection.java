package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/** The {@code logging} section of {@code runneriq.yaml} as a tree and back. */
final class LoggingSection {
  /** Logger names and packages are the keys of {@code logging.levels}. */
  static final Set<String> FREE_MAPS = Set.of("logging.levels");

  private LoggingSection() {}

  static void defaults(ObjectNode root) {
    var d = LoggingConfig.DEFAULT;
    var l = root.putObject("logging");
    l.put("format", d.format().wire());
    l.put("level", d.level());
    var levels = l.putObject("levels");
    new TreeMap<>(d.levels()).forEach(levels::put);
  }

  static LoggingConfig bind(Node root) {
    var l = root.object("logging");
    String format = l.string("format").strip().toLowerCase(Locale.ROOT);
    LoggingConfig.Format f;
    try {
      f = LoggingConfig.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw l.error("format", "must be text or json, but was " + Printable.clip(format));
    }
    var levels = new LinkedHashMap<String, String>();
    l.stringMap("levels")
        .forEach((logger, v) -> levels.put(logger, level(l, "levels/" + logger, v)));
    return new LoggingConfig(f, level(l, "level", l.string("level")), levels);
  }

  private static String level(Node l, String field, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!LoggingConfig.LEVELS.contains(v)) {
      throw l.error(
          field,
          "must be one of "
              + String.join(", ", LoggingConfig.LEVELS)
              + ", but was "
              + Printable.clip(value));
    }
    return v;
  }
}
