package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 document of the routes the server answers. Parameters, request bodies, answers,
 * their schemas and examples are written in {@code openapi.yaml} beside this class; each route of
 * {@link ApiServer#routes} adds its summary, operationId and security, and a secured route its 401.
 * A route the YAML does not describe is an error here, not a gap in the document.
 */
final class OpenApi {
  static final String RESOURCE = "openapi.yaml";
  private static final JsonNode WRITTEN = load();

  private OpenApi() {}

  private static JsonNode load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from this build");
      }
      return Documents.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static ObjectNode document(List<ApiServer.Route> routes) {
    var root = (ObjectNode) WRITTEN.deepCopy();
    var paths = (ObjectNode) root.path("paths");
    for (var r : routes) {
      String method = r.method().toLowerCase(Locale.ROOT);
      if (!(paths.path(r.path()).get(method) instanceof ObjectNode op)) {
        throw new IllegalStateException(
            RESOURCE + " does not describe " + r.method() + " " + r.path());
      }
      op.put("summary", r.summary());
      op.put("operationId", operationId(r));
      var security = op.putArray("security");
      var responses = op.withObjectProperty("responses");
      if (!r.open()) {
        security.addObject().putArray("bearer");
        security.addObject().putArray("cookie");
        responses.putObject("401").put("$ref", "#/components/responses/Unauthorized");
      }
      if (!r.path().equals(McpMount.PATH)) {
        responses.putObject("default").put("$ref", "#/components/responses/Error");
      }
    }
    return root;
  }

  private static String operationId(ApiServer.Route r) {
    String cleaned =
        r.path().replace("/api/v1", "").replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
    return r.method().toLowerCase(Locale.ROOT) + (cleaned.equals("_") ? "_dashboard" : cleaned);
  }
}
