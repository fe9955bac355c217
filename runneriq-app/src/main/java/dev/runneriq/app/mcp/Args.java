package dev.runneriq.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Documents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one tool call, read with errors that name the argument. Arguments the tool's
 * schema does not declare are refused, so a misspelt one is not silently ignored.
 */
final class Args {
  private final ObjectNode node;

  Args(@Nullable Map<String, Object> arguments, ObjectNode schema) {
    this.node =
        arguments == null
            ? Documents.JSON.createObjectNode()
            : Documents.JSON.valueToTree(arguments);
    Set<String> known = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(known::add);
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                throw new ToolError(
                    name,
                    "is not an argument of this tool"
                        + (known.isEmpty() ? " (it takes none)" : "; it takes " + known));
              }
            });
    for (JsonNode required : schema.path("required")) {
      if (!has(required.asText())) {
        throw new ToolError(required.asText(), "is required");
      }
    }
  }

  boolean has(String name) {
    var v = node.get(name);
    return v != null && !v.isNull();
  }

  /** The argument as given, for a format reader that reports its own pointers. */
  JsonNode object(String name) {
    var v = node.path(name);
    if (!v.isObject()) {
      throw new ToolError(name, "must be a JSON object");
    }
    return v;
  }

  @Nullable String string(String name) {
    if (!has(name)) {
      return null;
    }
    var v = node.get(name);
    if (!v.isTextual()) {
      throw new ToolError(name, "must be a string");
    }
    return v.asText();
  }

  long integer(String name, long dflt, long min, long max) {
    if (!has(name)) {
      return dflt;
    }
    var v = node.get(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ToolError(name, "must be an integer");
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw new ToolError(name, "must be between " + min + " and " + max + ", but was " + n);
    }
    return n;
  }

  List<String> strings(String name, List<String> dflt) {
    if (!has(name)) {
      return dflt;
    }
    var v = node.get(name);
    if (!v.isArray() || v.isEmpty()) {
      throw new ToolError(name, "must be a non-empty array of strings");
    }
    var out = new ArrayList<String>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new ToolError(name, "must be a non-empty array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }
}
