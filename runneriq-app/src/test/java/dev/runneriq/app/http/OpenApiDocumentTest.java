package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.MarkdownBlocks;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionState;
import dev.runneriq.store.DecisionQuery;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document: it parses as OpenAPI 3.1 without a message (swagger-parser), every
 * operation has its parameters and an answer schema per status, every object schema says what else
 * it allows, and every example, in the document and in the docs, matches its schema (networknt).
 */
class OpenApiDocumentTest {
  static final OpenApiSchemas api = OpenApiSchemas.served();

  @Test
  void parsesAsOpenApi31WithoutAMessageWhetherMetricsIsOpenOrNot() throws Exception {
    for (boolean metricsOpen : new boolean[] {false, true}) {
      var doc = OpenApi.document(ApiServer.routes(metricsOpen));
      var options = new ParseOptions();
      options.setResolve(true);
      var result =
          new OpenAPIV3Parser().readContents(Documents.JSON.writeValueAsString(doc), null, options);
      assertThat(result.getMessages()).as("metricsOpen " + metricsOpen).isEmpty();
      var openApi = result.getOpenAPI();
      assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
      assertThat(openApi.getPaths().get("/metrics").getGet().getSecurity())
          .as("metricsOpen " + metricsOpen)
          .hasSize(metricsOpen ? 0 : 2);
      assertThat(openApi.getPaths().get("/api/v1/queue").getGet().getResponses())
          .containsKeys("200", "401", "default");
    }
  }

  @Test
  void theDecisionsRouteDocumentsItsFiltersAndPaging() {
    var params = api.doc.at("/paths/~1api~1v1~1decisions/get/parameters");
    var names = new ArrayList<String>();
    params.forEach(p -> names.add(p.get("name").asText()));
    assertThat(names)
        .containsExactly(
            "job",
            "pipeline",
            "project",
            "tier",
            "decided_by",
            "since",
            "until",
            "limit",
            "offset");
    params.forEach(p -> assertThat(p.get("in").asText()).isEqualTo("query"));
    var limit = params.get(7).get("schema");
    assertThat(limit.get("default").asInt()).isEqualTo(50);
    assertThat(limit.get("maximum").asInt()).isEqualTo(10_000);
    assertThat(api.resolve(params.get(3).get("schema")).get("enum"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(DecisionQuery.TIERS);
    assertThat(api.resolve(params.get(4).get("schema")).get("enum"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(DecisionQuery.DECIDED_BY);
  }

  @Test
  void theActionsRouteDocumentsItsFiltersPagingAndTheLogsValues() {
    var params = api.doc.at("/paths/~1api~1v1~1actions/get/parameters");
    var names = new ArrayList<String>();
    params.forEach(p -> names.add(p.get("name").asText()));
    assertThat(names)
        .containsExactly("job", "project", "kind", "state", "since", "until", "limit", "offset");
    params.forEach(p -> assertThat(p.get("in").asText()).isEqualTo("query"));
    assertThat(params.get(6).get("schema").get("default").asInt()).isEqualTo(50);
    assertThat(api.resolve(params.get(2).get("schema")).get("enum"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(ActionKind.WIRE);
    assertThat(api.resolve(params.get(3).get("schema")).get("enum"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(ActionState.WIRE);
  }

  @Test
  void theDocumentsValueListsAreTheEngines() {
    assertThat(api.doc.at("/components/schemas/Action/enum"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(Arrays.stream(Action.values()).map(Action::wire).toList());
    assertThat(api.doc.at("/components/schemas/DecisionFields/properties/mode/enum"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(EngineConfig.MODES);
  }

  @Test
  void everyOperationHasItsPathParametersAndASchemaForEachAnswer() {
    var problems = new ArrayList<String>();
    forEachOperation((path, method, op) -> checkOperation(path, method, op, problems));
    assertThat(problems).isEmpty();
  }

  private static void checkOperation(String path, String method, JsonNode op, List<String> out) {
    String where = method + " " + path;
    var declared = new HashSet<String>();
    for (var p : op.path("parameters")) {
      var param = api.resolve(p);
      if (!param.has("schema")) {
        out.add(where + ": parameter " + param.path("name") + " has no schema");
      }
      if (param.path("in").asText().equals("path")) {
        declared.add(param.path("name").asText());
      }
    }
    var inPath = new HashSet<String>();
    Pattern.compile("\\{([^}]+)}").matcher(path).results().forEach(m -> inPath.add(m.group(1)));
    if (!declared.equals(inPath)) {
      out.add(where + ": path parameters " + declared + " but the path has " + inPath);
    }
    var responses = op.path("responses");
    boolean success = false;
    for (var it = responses.fieldNames(); it.hasNext(); ) {
      String status = it.next();
      success |= status.startsWith("2");
      var content = api.resolve(responses.get(status)).path("content");
      if (content.isEmpty() && !path.equals(McpMount.PATH)) {
        out.add(where + " " + status + ": no body documented");
      }
      content
          .properties()
          .forEach(
              media -> {
                var schema = media.getValue().path("schema");
                if (schema.isMissingNode()) {
                  out.add(where + " " + status + " " + media.getKey() + ": no schema");
                } else if (media.getKey().equals("application/json") && !schema.has("$ref")) {
                  out.add(where + " " + status + ": a JSON body must name a components schema");
                }
              });
    }
    if (!success) {
      out.add(where + ": no 2xx answer");
    }
    var body = op.path("requestBody").path("content").path("application/json").path("schema");
    if (op.has("requestBody") && !body.has("$ref")) {
      out.add(where + ": the request body must name a components schema");
    }
  }

  @Test
  void everyObjectSchemaSaysWhatElseItAllows() {
    var schemas = api.doc.at("/components/schemas");
    // a schema read through allOf by one that allows no unevaluated property is closed by it
    var bases = new HashSet<String>();
    schemas.forEach(
        s -> {
          if (!s.path("unevaluatedProperties").asBoolean(true)) {
            s.path("allOf").forEach(part -> bases.add(OpenApiSchemas.name(part)));
          }
        });
    var open = new ArrayList<String>();
    schemas
        .properties()
        .forEach(
            e -> {
              if (!bases.contains(e.getKey())) {
                openObjects(e.getValue(), "#/components/schemas/" + e.getKey(), open);
              }
            });
    assertThat(open).isEmpty();
    assertThat(bases).containsExactlyInAnyOrder("DecisionFields", "TierWaits");
  }

  /** Object schemas under {@code schema} that list properties but not what else may stand. */
  private static void openObjects(JsonNode schema, String at, List<String> out) {
    if (schema.has("properties")
        && !schema.has("additionalProperties")
        && !schema.has("unevaluatedProperties")) {
      out.add(at);
    }
    schema
        .path("properties")
        .properties()
        .forEach(p -> openObjects(p.getValue(), at + "/properties/" + p.getKey(), out));
    for (String k : List.of("items", "additionalProperties")) {
      if (schema.path(k).isObject()) {
        openObjects(schema.get(k), at + "/" + k, out);
      }
    }
    for (String k : List.of("anyOf", "oneOf")) {
      int i = 0;
      for (var part : schema.path(k)) {
        openObjects(part, at + "/" + k + "/" + i++, out);
      }
    }
  }

  @Test
  void everyExampleInTheDocumentMatchesItsSchema() {
    var problems = new ArrayList<String>();
    int[] checked = {0};
    forEachOperation(
        (path, method, op) -> {
          String where = method + " " + path;
          for (var p : op.path("parameters")) {
            var param = api.resolve(p);
            if (param.has("example")) {
              checked[0]++;
              api.problemsAgainst(param.get("schema"), param.get("example"))
                  .forEach(x -> problems.add(where + " " + param.get("name") + ": " + x));
            }
          }
          checked[0] += examples(where, op.path("requestBody"), problems);
          op.path("responses")
              .properties()
              .forEach(
                  r ->
                      checked[0] +=
                          examples(where + " " + r.getKey(), api.resolve(r.getValue()), problems));
        });
    assertThat(problems).isEmpty();
    assertThat(checked[0]).isGreaterThanOrEqualTo(30);
  }

  /** Checks the examples of a request body or answer; returns how many there were. */
  private static int examples(String where, JsonNode holder, List<String> out) {
    int n = 0;
    for (var type : holder.path("content").properties()) {
      var media = type.getValue();
      var schema = media.path("schema");
      for (var e : media.path("examples").properties()) {
        n++;
        api.problemsAgainst(schema, e.getValue().get("value"))
            .forEach(p -> out.add(where + " example " + e.getKey() + ": " + p));
      }
      if (media.has("example")) {
        n++;
        api.problemsAgainst(schema, media.get("example")).forEach(p -> out.add(where + ": " + p));
      }
    }
    return n;
  }

  @Test
  void theDocsExamplesOfADecisionAContextAndAReportMatchTheirSchemas() throws Exception {
    var decision = jsonBlocks("docs/formats/decision.md");
    assertThat(decision).hasSize(1);
    assertThat(api.problems("Decision", decision.get(0))).isEmpty();
    var context = jsonBlocks("docs/formats/context.md");
    assertThat(context).hasSize(1);
    assertThat(api.problems("Context", context.get(0))).isEmpty();
    var report = jsonBlocks("docs/REPORT.md");
    assertThat(report).hasSize(1);
    assertThat(api.problems("Report", report.get(0))).isEmpty();
  }

  @Test
  void theExampleContextsAreBodiesDecideTakes() throws Exception {
    var body = api.doc.at("/paths/~1api~1v1~1decide/post/requestBody/content/application~1json");
    String schema = OpenApiSchemas.name(body.get("schema"));
    var files = OpenApiSchemas.exampleContexts();
    assertThat(files).hasSizeGreaterThanOrEqualTo(4);
    for (var f : files) {
      assertThat(api.problems(schema, Documents.read(f))).as(f.toString()).isEmpty();
    }
  }

  @Test
  void aRenamedOrMissingFieldFailsTheSchema() {
    var example =
        (ObjectNode)
            api.doc
                .at(
                    "/paths/~1api~1v1~1queue/get/responses/200/content/application~1json/examples"
                        + "/deployRush/value")
                .deepCopy();
    assertThat(api.problems("Queue", example)).isEmpty();
    var job = (ObjectNode) example.get("jobs").get(0);
    job.set("id", job.remove("job_id"));
    assertThat(api.problems("Queue", example))
        .anyMatch(p -> p.contains("id") && p.contains("not defined"))
        .anyMatch(p -> p.contains("job_id"));
    var error = Documents.JSON.createObjectNode();
    error.putObject("error").put("status", 400).put("detail", "renamed");
    assertThat(api.problems("Error", error)).hasSize(2);
  }

  interface Operation {
    void accept(String path, String method, JsonNode op);
  }

  static void forEachOperation(Operation each) {
    api.doc
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(op -> each.accept(path.getKey(), op.getKey(), op.getValue())));
  }

  static List<JsonNode> jsonBlocks(String markdownPath) throws Exception {
    var out = new ArrayList<JsonNode>();
    for (String block : MarkdownBlocks.of("json", markdownPath)) {
      out.add(Documents.JSON.readTree(block));
    }
    return out;
  }
}
