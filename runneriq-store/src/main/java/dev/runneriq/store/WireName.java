package dev.runneriq.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The action log's enums as the database, the API and the CLI name them: the constant's name in
 * lower case ({@code DRY_RUN} is {@code dry_run}).
 */
final class WireName {
  private WireName() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  static List<String> all(Enum<?>[] constants) {
    return Arrays.stream(constants).map(WireName::of).toList();
  }

  static <E extends Enum<E>> E parse(Class<E> type, String wire) {
    return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
  }
}
