package dev.runneriq.gitlab.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.gitlab.GitLabTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reading one object of a hook body: required fields fail with a reason that names them (JSON
 * pointer style), optional ones are null when missing or of another type.
 */
final class HookFields {
  private final JsonNode node;
  private final String where;

  HookFields(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  /** The object under {@code field}, or null when missing, null or not an object. */
  @Nullable HookFields object(String field) {
    JsonNode n = node.get(field);
    return n != null && n.isObject() ? new HookFields(n, where + "/" + field) : null;
  }

  /** The objects of the array under {@code field}; empty when missing. */
  List<HookFields> objects(String field) throws MalformedHookException {
    JsonNode n = node.get(field);
    var out = new ArrayList<HookFields>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new MalformedHookException(where + "/" + field + " must be an array");
    }
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isObject()) {
        throw new MalformedHookException(where + "/" + field + "/" + i + " must be an object");
      }
      out.add(new HookFields(n.get(i), where + "/" + field + "/" + i));
    }
    return out;
  }

  long id(String field) throws MalformedHookException {
    JsonNode n = node.get(field);
    if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw new MalformedHookException(where + "/" + field + " must be an integer id");
    }
    return n.asLong();
  }

  String text(String field) throws MalformedHookException {
    String s = optText(field);
    if (s == null || s.isBlank()) {
      throw new MalformedHookException(where + "/" + field + " must be a non-empty string");
    }
    return s;
  }

  @Nullable String optText(String field) {
    JsonNode n = node.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  String textOr(String field, String otherwise) {
    String s = optText(field);
    return s == null ? otherwise : s;
  }

  @Nullable Long optId(String field) {
    JsonNode n = node.get(field);
    return n != null && n.canConvertToExactIntegral() && n.canConvertToLong() ? n.asLong() : null;
  }

  @Nullable Double optNumber(String field) {
    JsonNode n = node.get(field);
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  boolean bool(String field) {
    JsonNode n = node.get(field);
    return n != null && n.isBoolean() && n.asBoolean();
  }

  @Nullable Instant time(String field) {
    return GitLabTimes.parse(optText(field));
  }

  List<String> texts(String field) {
    var out = new ArrayList<String>();
    JsonNode n = node.get(field);
    if (n != null && n.isArray()) {
      n.forEach(
          v -> {
            if (v.isTextual()) {
              out.add(v.asText());
            }
          });
    }
    return out;
  }
}
