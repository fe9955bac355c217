package dev.runneriq.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a response against one of GitLab's own response schemas (from its request specs, in the
 * fixtures): every required field present, and each field's JSON type one the schema allows. {@code
 * $ref}s and {@code additionalProperties} are not followed: the stored schemas are older than the
 * fields current GitLab adds.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  /**
   * @param schemaName {@code job}, {@code runner}, {@code runner_manager}, {@code pipeline_basic},
   *     {@code deployment} or {@code basic_environment}
   * @param knownNullable fields ({@code runner.ip_address}) where current GitLab sends null
   */
  public static List<String> problems(
      String schemaName, JsonNode value, Set<String> knownNullable) {
    JsonNode schema = Fixtures.json("schemas/public_api_v4_" + schemaName + ".schema.json");
    var out = new ArrayList<String>();
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(schemaName + ": missing " + required.asText());
      }
    }
    schema
        .path("properties")
        .properties()
        .forEach(
            p -> {
              JsonNode v = value.get(p.getKey());
              JsonNode type = p.getValue().get("type");
              if (v == null || type == null) {
                return;
              }
              var allowed = new ArrayList<String>();
              if (type.isArray()) {
                type.forEach(t -> allowed.add(t.asText()));
              } else {
                allowed.add(type.asText());
              }
              String field = schemaName + "." + p.getKey();
              String actual = typeOf(v);
              boolean ok =
                  allowed.contains(actual)
                      || (actual.equals("integer") && allowed.contains("number"))
                      || (actual.equals("null") && knownNullable.contains(field));
              if (!ok) {
                out.add(field + ": " + actual + ", not " + allowed);
              }
            });
    return out;
  }

  static String typeOf(JsonNode v) {
    if (v.isNull()) return "null";
    if (v.isBoolean()) return "boolean";
    if (v.isIntegralNumber()) return "integer";
    if (v.isNumber()) return "number";
    if (v.isTextual()) return "string";
    if (v.isArray()) return "array";
    return "object";
  }
}
