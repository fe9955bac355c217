package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.Documents;
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

  /** GraphQL's names are camelCase, as the records hold them. */
  private static final ObjectMapper JSON = Documents.JSON;

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

  /** The answer to one request body ({@code query}, {@code variables}), as JSON. */
  String answer(JsonNode request) {
    String query = request.path("query").asText("");
    if (query.isBlank()) {
      return write(new Errors(List.of(new GitLabError("No query string was present"))));
    }
    Map<String, Object> variables =
        request.path("variables").isObject()
            ? JSON.convertValue(request.get("variables"), new TypeReference<>() {})
            : Map.of();
    var result =
        graphQl.execute(
            ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables)
                .locale(Locale.ENGLISH)
                .build());
    if (!result.isDataPresent()) {
      return write(new Errors(result.getErrors().stream().map(SimGraphQl::gitLabError).toList()));
    }
    return write(result.toSpecification());
  }

  private static String write(Object answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An answer to a query GitLab rejects: errors and no data. */
  record Errors(List<GitLabError> errors) {}

  /**
   * @param path from {@code query} to the field at fault, when an unknown field is the fault
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GitLabError(
      String message,
      @Nullable List<Location> locations,
      @Nullable List<Object> path,
      @Nullable Extensions extensions) {
    GitLabError(String message) {
      this(message, null, null, null);
    }
  }

  record Location(int line, int column) {}

  record Extensions(String code, String typeName, String fieldName) {}

  /**
   * An error as GitLab (graphql-ruby) words it: an unknown field with its {@code undefinedField}
   * code, type and field names, and the path from {@code query}; other errors keep graphql-java's
   * description.
   */
  static GitLabError gitLabError(GraphQLError e) {
    var locations = new ArrayList<Location>();
    if (e.getLocations() != null) {
      e.getLocations().forEach(l -> locations.add(new Location(l.getLine(), l.getColumn())));
    }
    if (!(e instanceof ValidationError v)) {
      return new GitLabError(e.getMessage(), locations, null, null);
    }
    var unknown = UNKNOWN_FIELD.matcher(String.valueOf(v.getDescription()));
    if (v.getValidationErrorType() != ValidationErrorType.FieldUndefined || !unknown.find()) {
      return new GitLabError(String.valueOf(v.getDescription()), locations, null, null);
    }
    String field = unknown.group(1);
    String type = unknown.group(2);
    var path = new ArrayList<Object>();
    path.add("query");
    path.addAll(v.getQueryPath() == null ? List.of() : v.getQueryPath());
    return new GitLabError(
        "Field '" + field + "' doesn't exist on type '" + type + "'",
        locations,
        path,
        new Extensions("undefinedField", type, field));
  }

  /** {@code Query.jobs}: the jobs with the statuses asked, a page of at most 100 by offset. */
  private GraphQlTypes.CiJobConnection jobsPage(graphql.schema.DataFetchingEnvironment env) {
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
    var nodes = new ArrayList<GraphQlTypes.CiJob>();
    var edges = new ArrayList<GraphQlTypes.CiJobEdge>();
    for (int i = from; i < to; i++) {
      var node = node(matching.get(i));
      nodes.add(node);
      edges.add(new GraphQlTypes.CiJobEdge(Integer.toString(i + 1), node));
    }
    return new GraphQlTypes.CiJobConnection(
        matching.size(),
        nodes,
        edges,
        new GraphQlTypes.PageInfo(
            to < matching.size(), from > 0, Integer.toString(from), Integer.toString(to)));
  }

  /** One job as a {@code CiJob}, with its pipeline, project and user. */
  private GraphQlTypes.CiJob node(JobState s) {
    var spec = s.job().spec();
    Pipeline p = spec.pipeline();
    String sha = Shapes.sha(p.id());
    var project = project(s.projectId(), p.project());
    var pipeline =
        new GraphQlTypes.Pipeline(
            "gid://gitlab/Ci::Pipeline/" + p.id(),
            Long.toString(p.id()),
            sha,
            p.ref(),
            p.source(),
            "/" + p.project() + "/-/pipelines/" + p.id(),
            Shapes.time(s.createdAt()),
            Shapes.time(s.createdAt()),
            live.pipelineJobs(p.id()).size(),
            user(p.user(), p.userIsBot()),
            project);
    return new GraphQlTypes.CiJob(
        "gid://gitlab/Ci::Build/" + spec.id(),
        spec.name(),
        s.status().toUpperCase(Locale.ROOT),
        Shapes.time(s.createdAt()),
        Shapes.timeOrNull(s.pendingAt()),
        Shapes.timeOrNull(s.startedAt()),
        Shapes.timeOrNull(s.finishedAt()),
        p.ref(),
        Pipeline.TAG.equals(p.refKind()),
        spec.tagList(),
        new GraphQlTypes.CiStage(spec.stage()),
        s.job().allowFailure(),
        sha.substring(0, 8),
        "/" + p.project() + "/-/jobs/" + spec.id(),
        pipeline,
        project);
  }

  private GraphQlTypes.Project project(long id, String path) {
    return new GraphQlTypes.Project("gid://gitlab/Project/" + id, path, web + "/" + path);
  }

  private GraphQlTypes.UserCore user(@Nullable String username, boolean bot) {
    String name = username == null ? "ghost" : username;
    return new GraphQlTypes.UserCore(
        "gid://gitlab/User/" + Shapes.idOf(String.valueOf(username)),
        name,
        name,
        bot,
        "/" + name,
        web + "/" + name);
  }
}
