package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.runneriq.formats.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The served OpenAPI document and a JSON Schema 2020-12 validator (networknt) over its schemas,
 * with formats asserted. Every JSON body the document describes names a schema of {@code
 * components/schemas}, which is what the examples and the server's answers are checked against.
 */
final class OpenApiSchemas {
  private static final String BASE = "https://runneriq.invalid/api/v1/openapi.json";
  private static final String SCHEMAS = "#/components/schemas/";

  final ObjectNode doc;
  private final SchemaRegistry registry;
  private final Map<String, Schema> named = new HashMap<>();

  OpenApiSchemas(ObjectNode doc) {
    this.doc = doc;
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemas(Map.of(BASE, doc.toString()))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  /** The document the server serves (with {@code /metrics} behind the token). */
  static OpenApiSchemas served() {
    return new OpenApiSchemas(OpenApi.document(ApiServer.routes(false)));
  }

  /** The contexts of {@code examples/}: bodies {@code POST /api/v1/decide} takes. */
  static List<Path> exampleContexts() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "examples"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** The name of the components schema a {@code $ref} schema points at; fails on anything else. */
  static String name(JsonNode schema) {
    String ref = schema.path("$ref").asText();
    if (!ref.startsWith(SCHEMAS)) {
      throw new AssertionError("not a $ref to " + SCHEMAS + ": " + schema);
    }
    return ref.substring(SCHEMAS.length());
  }

  /**
   * What is wrong with {@code value} against the components schema {@code name}; empty if valid.
   */
  List<String> problems(String name, JsonNode value) {
    if (!doc.path("components").path("schemas").has(name)) {
      throw new AssertionError("no schema " + name + " in the document");
    }
    var schema =
        named.computeIfAbsent(name, n -> registry.getSchema(SchemaLocation.of(BASE + SCHEMAS + n)));
    return schema.validate(value).stream().map(Object::toString).toList();
  }

  /** What is wrong with {@code value} against a schema: a {@code $ref} to components, or inline. */
  List<String> problemsAgainst(JsonNode schema, JsonNode value) {
    if (schema.has("$ref")) {
      return problems(name(schema), value);
    }
    return registry.getSchema(schema).validate(value).stream().map(Object::toString).toList();
  }

  /** The node at {@code ref} ({@code #/components/…}), or {@code node} itself without a $ref. */
  JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    return ref.isEmpty() ? node : doc.at(ref.substring(1));
  }

  /**
   * What is wrong with a real answer of {@code method path} (the path as documented, {@code
   * /api/v1/decisions/{id}}): its status must be documented (or fall under {@code default}), its
   * media type must be one documented for that status, and a JSON body must match the schema.
   */
  List<String> answerProblems(
      String method, String path, int status, String contentType, String body) {
    String where = method + " " + path + " " + status;
    var op = doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    if (op.isMissingNode()) {
      return List.of(where + ": the document has no such operation");
    }
    var responses = op.path("responses");
    var response = responses.path(String.valueOf(status));
    if (response.isMissingNode()) {
      response = responses.path("default");
    }
    if (response.isMissingNode()) {
      return List.of(where + ": the status is not documented");
    }
    var content = resolve(response).path("content");
    if (content.isEmpty()) {
      return body.isEmpty() ? List.of() : List.of(where + ": a body where none is documented");
    }
    String type = base(contentType);
    JsonNode media = null;
    for (var e : content.properties()) {
      if (base(e.getKey()).equals(type)) {
        media = e.getValue();
      }
    }
    if (media == null) {
      return List.of(where + ": " + contentType + " is not documented, only " + content);
    }
    if (!type.equals("application/json")) {
      return List.of();
    }
    JsonNode value;
    try {
      value = Documents.JSON.readTree(body);
    } catch (IOException e) {
      return List.of(where + ": not JSON: " + e.getMessage());
    }
    var out = new ArrayList<String>();
    problems(name(media.path("schema")), value).forEach(p -> out.add(where + ": " + p));
    return out;
  }

  private static String base(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
