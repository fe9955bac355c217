package dev.runneriq.gitlab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.model.GlGraphQlJob;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * GraphQL {@code Query.jobs(statuses: [PENDING])}: the only instance-wide list of pending jobs
 * GitLab offers, for administrators. Pages by cursor ({@code pageInfo.endCursor}).
 *
 * <p>Current GitLab types {@code CiJob.pipeline} as {@code PipelineInterface}, which has no {@code
 * source}; older servers typed it {@code Pipeline}. The source is asked through {@code ... on
 * Pipeline}, valid on both. {@code createdByTag} tells a tag from a branch, as REST's {@code tag}.
 *
 * <p>The texts jobs have in common (names, stages, refs, tags, projects, users) are kept once per
 * query, not once per job: 100,000 pending jobs repeat a few thousand of them, and the snapshot
 * keeps them as long as the jobs wait.
 */
final class GraphQlJobs {
  static final String QUERY =
      """
      query($after: String) {
        jobs(statuses: [PENDING], first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id name status createdAt queuedAt refName createdByTag tags
            stage { name }
            pipeline { id user { username bot } ... on Pipeline { source } }
            project { fullPath }
          }
        }
      }
      """;

  private final GitLabHttp http;
  private final URI endpoint;

  GraphQlJobs(GitLabHttp http, URI endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  List<GlGraphQlJob> pending(int maxPages) {
    var out = new ArrayList<GlGraphQlJob>();
    var texts = new HashMap<String, String>();
    String after = null;
    for (int page = 1; ; page++) {
      ObjectNode body = GitLabJson.MAPPER.createObjectNode().put("query", QUERY);
      body.putObject("variables").put("after", after);
      var r = http.postJson(endpoint, body.toString());
      JsonNode root = GitLabClient.tree(http, r);
      JsonNode errors = root.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        var messages = new ArrayList<String>();
        errors.forEach(e -> messages.add(e.path("message").asText("?")));
        throw http.failure(r.status(), r.endpoint(), String.join("; ", messages));
      }
      JsonNode jobs = root.path("data").path("jobs");
      if (!jobs.isObject()) {
        throw http.failure(
            r.status(), r.endpoint(), "Query.jobs gave nothing; it needs an administrator's token");
      }
      jobs.path("nodes").forEach(n -> out.add(job(n, texts)));
      JsonNode info = jobs.path("pageInfo");
      String cursor = text(info.path("endCursor"));
      if (!info.path("hasNextPage").asBoolean(false) || cursor == null) {
        return out;
      }
      if (page >= maxPages) {
        throw http.failure(
            r.status(), r.endpoint(), "more than " + page + " pages (gitlab.max_pages)");
      }
      after = cursor;
    }
  }

  static GlGraphQlJob job(JsonNode n) {
    return job(n, new HashMap<>());
  }

  /** One job node, its texts taken from {@code texts} where an equal one is there already. */
  private static GlGraphQlJob job(JsonNode n, Map<String, String> texts) {
    var tags = new ArrayList<String>();
    n.path("tags").forEach(t -> tags.add(texts.computeIfAbsent(t.asText(), k -> k)));
    Function<JsonNode, @Nullable String> text = v -> shared(text(v), texts);
    String status = text(n.path("status"));
    JsonNode pipeline = n.path("pipeline");
    return new GlGraphQlJob(
        idOf(text(n.path("id"))),
        orEmpty(text.apply(n.path("name"))),
        status == null ? "unknown" : texts.computeIfAbsent(status.toLowerCase(Locale.ROOT), k -> k),
        orEmpty(text.apply(n.path("stage").path("name"))),
        orEmpty(text.apply(n.path("refName"))),
        n.path("createdByTag").asBoolean(false),
        tags,
        text(n.path("createdAt")),
        text(n.path("queuedAt")),
        pipeline.isObject() ? idOf(text(pipeline.path("id"))) : null,
        text.apply(pipeline.path("source")),
        text.apply(n.path("project").path("fullPath")),
        text.apply(pipeline.path("user").path("username")),
        flag(pipeline.path("user").path("bot")));
  }

  /** The text equal to {@code s} that {@code texts} holds, {@code s} itself the first time. */
  private static @Nullable String shared(@Nullable String s, Map<String, String> texts) {
    return s == null ? null : texts.computeIfAbsent(s, k -> k);
  }

  /** The number at the end of a global id ({@code gid://gitlab/Ci::Build/7002}), or -1. */
  static long idOf(@Nullable String gid) {
    if (gid == null) {
      return -1;
    }
    int slash = gid.lastIndexOf('/');
    try {
      return Long.parseLong(gid.substring(slash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** A boolean node's value; null for anything else. */
  private static @Nullable Boolean flag(JsonNode n) {
    return n.isBoolean() ? n.booleanValue() : null;
  }

  /** The text of a value node; null for missing, null or structured nodes. */
  private static @Nullable String text(JsonNode n) {
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }
}
