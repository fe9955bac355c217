package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Documents;
import java.util.List;
import java.util.Locale;

/** The OpenAPI 3.1 document of the routes the server answers. */
final class OpenApi {
  private OpenApi() {}

  static ObjectNode document(List<ApiServer.Route> routes) {
    var root = Documents.JSON.createObjectNode();
    root.put("openapi", "3.1.0");
    var info = root.putObject("info");
    info.put("title", "RunnerIQ API");
    info.put("version", "v1");
    info.put(
        "description",
        "Priority- and carbon-aware scheduling for GitLab CI/CD runner fleets. Send"
            + " 'Authorization: Bearer <token>' on every route marked secured.");
    var schemes = root.putObject("components").putObject("securitySchemes");
    schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
    var paths = root.putObject("paths");
    for (var r : routes) {
      var path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
      var op = path.putObject(r.method().toLowerCase(Locale.ROOT));
      op.put("summary", r.summary());
      op.put("operationId", operationId(r));
      if (!r.open()) {
        op.putArray("security").addObject().putArray("bearer");
      } else {
        op.putArray("security");
      }
      if (r.path().contains("{id}")) {
        var p = op.putArray("parameters").addObject();
        p.put("name", "id").put("in", "path").put("required", true);
        p.putObject("schema").put("type", "string");
      }
      if (r.method().equals("POST")) {
        var body = op.putObject("requestBody").put("required", true);
        body.putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put(
                "description",
                r.path().equals(McpMount.PATH)
                    ? "A JSON-RPC message of the Model Context Protocol"
                    : "A context snapshot, runneriq.context/v1");
      }
      var responses = op.putObject("responses");
      responses.putObject("200").put("description", "OK");
      if (!r.open()) {
        responses.putObject("401").put("description", "Missing or wrong bearer token");
      }
      responses.putObject("400").put("description", "A parameter or the body is malformed");
    }
    return root;
  }

  private static String operationId(ApiServer.Route r) {
    String cleaned =
        r.path().replace("/api/v1", "").replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
    return r.method().toLowerCase(Locale.ROOT) + (cleaned.equals("_") ? "_dashboard" : cleaned);
  }
}
