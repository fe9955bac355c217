package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.llm.LlmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@code runneriq.yaml}: the defaults, overlaid by the file, overlaid by environment
 * variables ({@code RUNNERIQ_PLACEMENT_TIE_MARGIN=0.2} sets {@code placement.tie_margin}). Every
 * key the file names must exist in the defaults (free maps such as {@code priority.source_points}
 * excepted), so a typo is an error, not a silent default.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * The effective config and the tree it was bound from (which holds no secrets: those come from
   * the environment or files, see {@link ServiceConfig}).
   *
   * @param llm the language-model tie-breaker's config, or null when {@code llm.provider} is none
   * @param logging how {@code serve} writes its log
   */
  public record Loaded(
      EngineConfig engine,
      ServiceConfig service,
      @Nullable LlmConfig llm,
      ObjectNode effective,
      LoggingConfig logging) {}

  public static Loaded defaults() {
    return load(null, Map.of());
  }

  public static Loaded load(@Nullable Path file, Map<String, String> env) {
    ObjectNode tree = ConfigTree.of(EngineConfig.DEFAULT);
    ServiceSections.addDefaults(tree);
    GridSections.addDefaults(tree);
    LlmSection.defaults(tree);
    GateSection.defaults(tree);
    OptimizerSection.defaults(tree);
    LoggingSection.defaults(tree);
    String source = file == null ? "defaults" : file.toString();
    if (file != null && !isBlank(file)) {
      JsonNode user = Documents.read(file);
      if (!user.isNull()) {
        if (!user.isObject()) {
          throw new FormatException(source, "/", "expected a YAML mapping of sections");
        }
        ServiceSections.refuseSecrets(user, source);
        merge(tree, (ObjectNode) user, "", source);
      }
    }
    applyEnv(tree, env, "", source);
    try {
      var root = Node.root(tree, source, 0);
      UrlCredentials.refuse(root);
      return new Loaded(
          ConfigTree.bind(root),
          ServiceSections.bind(root, env),
          LlmSection.bind(root, env),
          tree,
          LoggingSection.bind(root));
    } catch (IllegalArgumentException e) {
      // a record's own check; it may repeat a value (a pattern, a URL) of any length
      throw new FormatException(
          source, "", e.getMessage() == null ? "invalid" : Printable.clip(e.getMessage()));
    }
  }

  /** Keys of earlier versions, with what took their place. */
  private static final Map<String, String> REPLACED =
      Map.of(
          "priority.aging.cap",
          "aging now rises to one common ceiling; set priority.aging.ceiling (default 79) and"
              + " priority.aging.minutes_to_ceiling (default 20)",
          "priority.aging.points_per_minute",
          "aging now reaches its ceiling after priority.aging.minutes_to_ceiling (default 20),"
              + " whatever a job started from");

  private static boolean isBlank(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).isBlank();
    } catch (IOException | UncheckedIOException e) {
      return false; // let the reader report it, naming the file
    }
  }

  private static void merge(ObjectNode into, ObjectNode from, String path, String source) {
    for (var e : from.properties()) {
      String key = e.getKey();
      if (path.isEmpty() && key.equals("format")) {
        continue; // the document's own format line; logging.format is a key like any other
      }
      String full = path.isEmpty() ? key : path + "." + key;
      JsonNode existing = into.get(key);
      boolean free =
          ConfigTree.FREE_MAPS.contains(path)
              || ServiceSections.FREE_MAPS.contains(path)
              || GridSections.FREE_MAPS.contains(path)
              || LoggingSection.FREE_MAPS.contains(path);
      if (existing == null && !free) {
        String replaced = REPLACED.get(full);
        throw new FormatException(
            source,
            Printable.clip("/" + full.replace('.', '/')),
            "unknown key '"
                + Printable.clip(full)
                + "'"
                + (replaced != null ? ": " + replaced : suggest(into, key)));
      }
      JsonNode value = e.getValue();
      if (existing != null && existing.isObject()) {
        if (!value.isObject()) {
          throw new FormatException(
              source,
              Printable.clip("/" + full.replace('.', '/')),
              "'" + full + "' must be a mapping");
        }
        merge((ObjectNode) existing, (ObjectNode) value, full, source);
      } else {
        into.set(key, value);
      }
    }
  }

  private static String suggest(ObjectNode in, String key) {
    List<String> names = new ArrayList<>();
    in.fieldNames().forEachRemaining(names::add);
    String best = null;
    int bestDistance = 3;
    for (String n : names) {
      int d = distance(n, key);
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    return best == null
        ? " (known: " + String.join(", ", names) + ")"
        : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }

  /**
   * RUNNERIQ_ + the key path in upper case with '_' for '.', e.g. RUNNERIQ_PLACEMENT_TIE_MARGIN.
   */
  private static void applyEnv(
      ObjectNode tree, Map<String, String> env, String path, String source) {
    var sorted = new TreeMap<String, String>(env);
    for (var e : tree.properties()) {
      String full = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (e.getValue().isObject()) {
        applyEnv((ObjectNode) e.getValue(), env, full, source);
        continue;
      }
      String var = "RUNNERIQ_" + full.toUpperCase(Locale.ROOT).replace('.', '_');
      String value = sorted.get(var);
      if (value != null) {
        JsonNode parsed =
            Documents.parse(value.getBytes(StandardCharsets.UTF_8), "environment " + var, true);
        e.setValue(parsed);
      }
    }
  }
}
