package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.JobState;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.Scalars;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's GraphQL endpoint over the simulated world. Each query is parsed, validated against
 * {@code gitlab-schema.graphqls} (GitLab's own types, see the {@code NOTICE.md} beside it) and run
 * by graphql-java, so the answer holds exactly the fields asked for, and a query current GitLab
 * would reject is rejected the way GitLab does it: HTTP 200 with {@code {"errors": [...]}} and no
 * data, an unknown field reading {@code Field 'source' doesn't exist on type 'PipelineInterface'}.
 */
final class SimGraphQl {
  static final String SCHEMA = "/dev/runneriq/sim/gitlab/gitlab-schema.graphqls";

  /** graphql-java's wording of an unknown field (its English validation messages). */
  private static final Pattern UNKNOWN_FIELD =
      Pattern.compile("Field '(.+)' in type '(.+)' is undefined");

  private static final int MAX_PAGE = 100;

  private final GraphQL graphQl;
  private final LiveSim live;
  private final String web;

  /**
   * @param web the simulated GitLab's web address, for web URLs
   */
  SimGraphQl(LiveSim live, String web) {
    this.live = live;
    this.web = web;
    this.graphQl = GraphQL.newGraphQL(schema(this::jobsPage)).build();
  }

  /** The schema with the world behind {@code Query.jobs}. */
  static GraphQLSchema schema(DataFetcher<?> jobs) {
    TypeResolver pipeline = env -> env.getSchema().getObjectType("Pipeline");
    var wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(like(Scalars.GraphQLString, "Time"))
            .scalar(like(Scalars.GraphQLFloat, "Duration"))
            .scalar(like(Scalars.GraphQLString, "JobID"))
            .scalar(like(Scalars.GraphQLString, "UserID"))
            .scalar(like(Scalars.GraphQLString, "CiRunnerID"))
            .type("Query", t -> t.dataFetcher("jobs", jobs))
            .type("CiJobInterface", t -> t.typeResolver(e -> e.getSchema().getObjectType("CiJob")))
            .type("PipelineInterface", t -> t.typeResolver(pipeline))
            .type(
                "ProjectInterface",
                t -> t.typeResolver(e -> e.getSchema().getObjectType("Project")))
            .type("User", t -> t.typeResolver(e -> e.getSchema().getObjectType("UserCore")))
            .build();
    try (InputStream in = SimGraphQl.class.getResourceAsStream(SCHEMA)) {
      var types =
          new SchemaParser()
              .parse(
                  new InputStreamReader(
                      Objects.requireNonNull(in, SCHEMA), StandardCharsets.UTF_8));
      return new SchemaGenerator().makeExecutableSchema(types, wiring);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A scalar that GitLab sends as a string (or a number) under its own name. */
  private static GraphQLScalarType like(GraphQLScalarType base, String name) {
    return GraphQLScalarType.newScalar(base).name(name).description(null).build();
  }

  /** The answer to one request body ({@code query}, {@code variables}). */
  ObjectNode answer(JsonNode request) {
    String query = request.path("query").asText("");
    if (query.isBlank()) {
      return errors(List.of(message("No query string was present")));
    }
    Map<String, Object> variables =
        request.path("variables").isObject()
            ? GitLabJson.MAPPER.convertValue(request.get("variables"), new TypeReference<>() {})
            : Map.of();
    var result =
        graphQl.execute(
            ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables)
                .locale(Locale.ENGLISH)
                .build());
    if (!result.isDataPresent()) {
      return errors(result.getErrors().stream().map(SimGraphQl::gitLabError).toList());
    }
    return GitLabJson.MAPPER.valueToTree(result.toSpecification());
  }

  private static ObjectNode errors(List<Map<String, Object>> errors) {
    var root = GitLabJson.MAPPER.createObjectNode();
    root.set("errors", GitLabJson.MAPPER.valueToTree(errors));
    return root;
  }

  private static Map<String, Object> message(String text) {
    var m = new LinkedHashMap<String, Object>();
    m.put("message", text);
    return m;
  }

  /**
   * An error as GitLab (graphql-ruby) words it: an unknown field with its {@code undefinedField}
   * code, type and field names, and the path from {@code query}; other errors keep graphql-java's
   * description.
   */
  static Map<String, Object> gitLabError(GraphQLError e) {
    if (!(e instanceof ValidationError v)) {
      var m = message(e.getMessage());
      m.put("locations", locations(e));
      return m;
    }
    var unknown = UNKNOWN_FIELD.matcher(String.valueOf(v.getDescription()));
    if (v.getValidationErrorType() != ValidationErrorType.FieldUndefined || !unknown.find()) {
      var m = message(String.valueOf(v.getDescription()));
      m.put("locations", locations(e));
      return m;
    }
    String field = unknown.group(1);
    String type = unknown.group(2);
    var m = message("Field '" + field + "' doesn't exist on type '" + type + "'");
    m.put("locations", locations(e));
    var path = new ArrayList<Object>();
    path.add("query");
    path.addAll(v.getQueryPath() == null ? List.of() : v.getQueryPath());
    m.put("path", path);
    m.put("extensions", Map.of("code", "undefinedField", "typeName", type, "fieldName", field));
    return m;
  }

  private static List<Map<String, Object>> locations(GraphQLError e) {
    var out = new ArrayList<Map<String, Object>>();
    if (e.getLocations() != null) {
      e.getLocations().forEach(l -> out.add(Map.of("line", l.getLine(), "column", l.getColumn())));
    }
    return out;
  }

  /** {@code Query.jobs}: the jobs with the statuses asked, a page of at most 100 by offset. */
  private Map<String, Object> jobsPage(graphql.schema.DataFetchingEnvironment env) {
    List<String> statuses = env.getArgument("statuses");
    Integer first = env.getArgument("first");
    String after = env.getArgument("after");
    var matching = new ArrayList<JobState>();
    var listed = new ArrayList<>(live.pendingJobs());
    listed.addAll(live.runningJobs());
    for (var s : listed) {
      if (statuses == null || statuses.contains(s.status().toUpperCase(Locale.ROOT))) {
        matching.add(s);
      }
    }
    int from = after == null || after.isEmpty() ? 0 : Integer.parseInt(after);
    from = Math.max(0, Math.min(matching.size(), from));
    int size = first == null ? MAX_PAGE : Math.max(0, Math.min(MAX_PAGE, first));
    int to = Math.min(matching.size(), from + size);
    var nodes = new ArrayList<Map<String, Object>>();
    var edges = new ArrayList<Map<String, Object>>();
    for (int i = from; i < to; i++) {
      var node = node(matching.get(i));
      nodes.add(node);
      edges.add(Map.of("cursor", Integer.toString(i + 1), "node", node));
    }
    var page = new LinkedHashMap<String, Object>();
    page.put("hasNextPage", to < matching.size());
    page.put("hasPreviousPage", from > 0);
    page.put("startCursor", Integer.toString(from));
    page.put("endCursor", Integer.toString(to));
    var connection = new LinkedHashMap<String, Object>();
    connection.put("count", matching.size());
    connection.put("nodes", nodes);
    connection.put("edges", edges);
    connection.put("pageInfo", page);
    return connection;
  }

  /** One job as a {@code CiJob}, with its pipeline, project and user. */
  private Map<String, Object> node(JobState s) {
    var spec = s.job().spec();
    Pipeline p = spec.pipeline();
    String sha = Shapes.sha(p.id());
    var n = new LinkedHashMap<String, Object>();
    n.put("id", "gid://gitlab/Ci::Build/" + spec.id());
    n.put("name", spec.name());
    n.put("status", s.status().toUpperCase(Locale.ROOT));
    n.put("createdAt", Shapes.time(s.createdAt()));
    n.put("queuedAt", Shapes.timeOrNull(s.pendingAt()));
    n.put("startedAt", Shapes.timeOrNull(s.startedAt()));
    n.put("finishedAt", Shapes.timeOrNull(s.finishedAt()));
    n.put("refName", p.ref());
    n.put("createdByTag", Pipeline.TAG.equals(p.refKind()));
    n.put("tags", spec.tagList());
    n.put("stage", Map.of("name", spec.stage()));
    n.put("allowFailure", s.job().allowFailure());
    n.put("active", List.of("pending", "running").contains(s.status()));
    n.put("cancelable", List.of("pending", "running").contains(s.status()));
    n.put("canPlayJob", false);
    n.put("playable", false);
    n.put("retryable", false);
    n.put("scheduled", false);
    n.put("stuck", false);
    n.put("shortSha", sha.substring(0, 8));
    n.put("webPath", "/" + p.project() + "/-/jobs/" + spec.id());
    n.put("pipeline", pipeline(s, sha));
    n.put("project", project(s.projectId(), p.project()));
    return n;
  }

  private Map<String, Object> pipeline(JobState s, String sha) {
    Pipeline p = s.job().spec().pipeline();
    var n = new LinkedHashMap<String, Object>();
    n.put("id", "gid://gitlab/Ci::Pipeline/" + p.id());
    n.put("iid", Long.toString(p.id()));
    n.put("sha", sha);
    n.put("ref", p.ref());
    n.put("source", p.source());
    n.put("path", "/" + p.project() + "/-/pipelines/" + p.id());
    n.put("createdAt", Shapes.time(s.createdAt()));
    n.put("updatedAt", Shapes.time(s.createdAt()));
    n.put("active", true);
    n.put("cancelable", true);
    n.put("child", "parent_pipeline".equals(p.source()));
    n.put("complete", false);
    n.put("latest", true);
    n.put("retryable", false);
    n.put("stuck", false);
    n.put("totalJobs", live.pipelineJobs(p.id()).size());
    n.put("trigger", "trigger".equals(p.source()));
    n.put("warnings", false);
    n.put("yamlErrors", false);
    n.put("user", user(p.user(), p.userIsBot()));
    n.put("project", project(s.projectId(), p.project()));
    return n;
  }

  private Map<String, Object> project(long id, String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    var n = new LinkedHashMap<String, Object>();
    n.put("id", "gid://gitlab/Project/" + id);
    n.put("fullPath", path);
    n.put("name", name);
    n.put("nameWithNamespace", path.replace("/", " / "));
    n.put("webUrl", web + "/" + path);
    return n;
  }

  private Map<String, Object> user(@Nullable String username, boolean bot) {
    String name = username == null ? "ghost" : username;
    var n = new LinkedHashMap<String, Object>();
    n.put("id", "gid://gitlab/User/" + Math.abs(String.valueOf(username).hashCode()));
    n.put("username", name);
    n.put("name", name);
    n.put("bot", bot);
    n.put("webPath", "/" + name);
    n.put("webUrl", web + "/" + name);
    return n;
  }
}
