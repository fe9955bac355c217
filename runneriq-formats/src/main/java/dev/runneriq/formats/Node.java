package dev.runneriq.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON (or YAML) object being read, with where it sits: every accessor that finds a missing or
 * mistyped field throws a {@link FormatException} naming the file, the location and the field.
 * Unknown fields are ignored.
 */
public final class Node {
  private final JsonNode node;
  private final String file;
  private final String linePrefix;
  private final String pointer;

  private Node(JsonNode node, String file, String linePrefix, String pointer) {
    this.node = node;
    this.file = file;
    this.linePrefix = linePrefix;
    this.pointer = pointer;
  }

  /** The root object of {@code file}; {@code line} is 0 for a whole-file document. */
  public static Node root(JsonNode node, String file, int line) {
    var n = new Node(node, file, line > 0 ? "line " + line + " " : "", "");
    if (!node.isObject()) {
      throw n.error("", "expected a JSON object, found " + kind(node));
    }
    return n;
  }

  public String pointer() {
    return pointer.isEmpty() ? "/" : pointer;
  }

  /** An error at {@code field} of this object (its name clipped: keys of free maps are data). */
  public FormatException error(String field, String problem) {
    String shown = Printable.clip(field);
    String at = field.isEmpty() ? pointer() : pointer + "/" + shown;
    String where = (linePrefix + at).trim();
    return new FormatException(
        file, where, field.isEmpty() ? problem : "field '" + shown + "' " + problem);
  }

  public boolean has(String field) {
    var v = node.get(field);
    return v != null && !v.isNull();
  }

  private JsonNode required(String field) {
    var v = node.get(field);
    if (v == null || v.isNull()) {
      throw error(field, "is required");
    }
    return v;
  }

  public String string(String field) {
    var v = required(field);
    if (!v.isTextual()) {
      throw error(field, "must be a string, found " + kind(v));
    }
    return v.asText();
  }

  public @Nullable String optString(String field) {
    return has(field) ? string(field) : null;
  }

  public String string(String field, String dflt) {
    return has(field) ? string(field) : dflt;
  }

  public long integer(String field) {
    var v = required(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(field, "must be an integer, found " + shown(v));
    }
    return v.asLong();
  }

  public long integer(String field, long dflt) {
    return has(field) ? integer(field) : dflt;
  }

  /** A required integer in [min, max]; out of range is an error naming both bounds. */
  public long integerBetween(String field, long min, long max) {
    long v = integer(field);
    if (v < min || v > max) {
      throw error(field, "must be between " + min + " and " + max + ", but was " + v);
    }
    return v;
  }

  /** A required number in [min, max]; out of range is an error naming both bounds. */
  public double numberBetween(String field, double min, double max) {
    return between(field, min, max, "");
  }

  /** An optional number in [min, max], {@code dflt} when absent. */
  public double numberBetween(String field, double min, double max, double dflt) {
    return has(field) ? numberBetween(field, min, max) : dflt;
  }

  /** A required duration in seconds, from 0 to {@link Bounds#MAX_DURATION_S}. */
  public double seconds(String field) {
    return between(field, 0, Bounds.MAX_DURATION_S, " (30 days)");
  }

  public double seconds(String field, double dflt) {
    return has(field) ? seconds(field) : dflt;
  }

  private double between(String field, double min, double max, String unit) {
    double v = number(field);
    if (v < min || v > max) {
      throw error(
          field, "must be between " + plain(min) + " and " + plain(max) + unit + ", but was " + v);
    }
    return v;
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  public @Nullable Long optInteger(String field) {
    return has(field) ? integer(field) : null;
  }

  public double number(String field) {
    var v = required(field);
    if (!v.isNumber()) {
      throw error(field, "must be a number, found " + shown(v));
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw error(field, "must be a finite number, found " + v);
    }
    return d;
  }

  public double number(String field, double dflt) {
    return has(field) ? number(field) : dflt;
  }

  public boolean bool(String field, boolean dflt) {
    if (!has(field)) {
      return dflt;
    }
    var v = node.get(field);
    if (!v.isBoolean()) {
      throw error(field, "must be true or false, found " + shown(v));
    }
    return v.asBoolean();
  }

  /** An ISO-8601 time with an offset ({@code 2026-03-02T09:14:05Z}). */
  public Instant time(String field) {
    return parseTime(string(field), field);
  }

  public @Nullable Instant optTime(String field) {
    return has(field) ? time(field) : null;
  }

  Instant parseTime(String s, String field) {
    Instant t;
    try {
      t = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw error(
          field,
          "must be an ISO-8601 time with an offset like 2026-03-02T09:14:05Z, found "
              + Printable.clip(s));
    }
    if (!Bounds.contains(t)) {
      throw error(field, "must be " + Bounds.timeRange() + ", but was " + Printable.clip(s));
    }
    return t;
  }

  public List<String> strings(String field) {
    if (!has(field)) {
      return List.of();
    }
    var v = node.get(field);
    if (!v.isArray()) {
      throw error(field, "must be a list of strings, found " + kind(v));
    }
    var out = new ArrayList<String>(v.size());
    for (int i = 0; i < v.size(); i++) {
      var e = v.get(i);
      if (!e.isTextual()) {
        throw error(field + "/" + i, "must be a string, found " + kind(e));
      }
      out.add(e.asText());
    }
    return out;
  }

  /** A string-to-string object; numbers and booleans are taken as their text. */
  public Map<String, String> stringMap(String field) {
    if (!has(field)) {
      return Map.of();
    }
    var v = node.get(field);
    if (!v.isObject()) {
      throw error(field, "must be an object of strings, found " + kind(v));
    }
    var out = new LinkedHashMap<String, String>();
    for (var e : v.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw error(field + "/" + e.getKey(), "must be a string, found " + kind(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** The names of this object's fields, in the file's order. */
  public List<String> fieldNames() {
    var out = new ArrayList<String>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  public @Nullable Node optObject(String field) {
    if (!has(field)) {
      return null;
    }
    return object(field);
  }

  public Node object(String field) {
    var v = required(field);
    if (!v.isObject()) {
      throw error(field, "must be an object, found " + kind(v));
    }
    return new Node(v, file, linePrefix, pointer + "/" + field);
  }

  /** The objects of an array field; an absent field is an empty list unless required. */
  public List<Node> objects(String field, boolean required) {
    if (!has(field)) {
      if (required) {
        throw error(field, "is required");
      }
      return List.of();
    }
    var v = node.get(field);
    if (!v.isArray()) {
      throw error(field, "must be a list, found " + kind(v));
    }
    var out = new ArrayList<Node>(v.size());
    for (int i = 0; i < v.size(); i++) {
      var e = v.get(i);
      String at = pointer + "/" + field + "/" + i;
      if (!e.isObject()) {
        throw new Node(e, file, linePrefix, at).error("", "expected an object, found " + kind(e));
      }
      out.add(new Node(e, file, linePrefix, at));
    }
    return out;
  }

  /** The fields of an object field, each as a child node (values must be objects). */
  public Map<String, Node> objectMap(String field) {
    if (!has(field)) {
      return Map.of();
    }
    var v = node.get(field);
    if (!v.isObject()) {
      throw error(field, "must be an object, found " + kind(v));
    }
    var out = new LinkedHashMap<String, Node>();
    for (var e : v.properties()) {
      String at = pointer + "/" + field + "/" + Printable.clip(e.getKey());
      var child = new Node(e.getValue(), file, linePrefix, at);
      if (!e.getValue().isObject()) {
        throw child.error("", "expected an object, found " + kind(e.getValue()));
      }
      out.put(e.getKey(), child);
    }
    return out;
  }

  /** The lists of objects under each field of an object field. */
  public Map<String, List<Node>> objectListMap(String field) {
    if (!has(field)) {
      return Map.of();
    }
    var v = node.get(field);
    if (!v.isObject()) {
      throw error(field, "must be an object, found " + kind(v));
    }
    var out = new LinkedHashMap<String, List<Node>>();
    Node holder = object(field);
    for (var it = v.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      out.put(key, holder.objects(key, true));
    }
    return out;
  }

  /** What was found instead, for an error message: its kind and (clipped) value. */
  private static String shown(JsonNode v) {
    return kind(v)
        + " "
        + (v.isTextual()
            ? "\"" + Printable.clip(v.textValue()) + "\""
            : Printable.clip(v.toString()));
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
