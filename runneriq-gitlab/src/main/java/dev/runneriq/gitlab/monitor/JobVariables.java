package dev.runneriq.gitlab.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.formats.Documents;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code variables:} RunnerIQ reads in a job's CI configuration ({@code RUNNERIQ_PRIORITY},
 * {@code RUNNERIQ_DEFERRABLE}): GitLab's job APIs do not show them, its CI lint API does, as the
 * merged configuration at the pipeline's commit. Read once per project and commit, kept for the
 * latest {@link #CACHED} of them; a configuration GitLab does not give (403: the token's user is
 * not a Reporter; 404; invalid YAML) counts as one without variables, and is not asked again.
 *
 * <p>What this sees: the top-level {@code variables:} and the job's own, after {@code include:} and
 * {@code extends:} as GitLab merged them. What it does not: {@code rules:variables} (evaluated only
 * when the pipeline is created), variables given when the pipeline was created (API, trigger,
 * schedule) and project or group CI/CD variables.
 */
final class JobVariables {
  static final int CACHED = 2_000;

  private final GitLabClient client;
  private final Set<String> wanted;
  private final Calls calls;
  private final Map<String, Map<String, Map<String, String>>> byCommit =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            Map.Entry<String, Map<String, Map<String, String>>> eldest) {
          return size() > CACHED;
        }
      };

  /**
   * @param wanted the variable names kept; empty reads nothing
   */
  JobVariables(GitLabClient client, Set<String> wanted, Calls calls) {
    this.client = client;
    this.wanted = Set.copyOf(wanted);
    this.calls = calls;
  }

  /** The wanted variables of job {@code name} of {@code project} at commit {@code sha}. */
  Map<String, String> of(String project, @Nullable String sha, String name) {
    if (wanted.isEmpty() || sha == null || sha.isBlank()) {
      return Map.of();
    }
    String key = project + "@" + sha;
    Map<String, Map<String, String>> jobs;
    synchronized (byCommit) {
      jobs = byCommit.get(key);
    }
    if (jobs == null) {
      jobs = read(project, sha);
      synchronized (byCommit) {
        byCommit.put(key, jobs);
      }
    }
    return jobs.getOrDefault(name, Map.of());
  }

  /** The same from what was read before, without asking GitLab; empty when not read yet. */
  Map<String, String> known(String project, @Nullable String sha, String name) {
    if (sha == null) {
      return Map.of();
    }
    synchronized (byCommit) {
      var jobs = byCommit.get(project + "@" + sha);
      return jobs == null ? Map.of() : jobs.getOrDefault(name, Map.of());
    }
  }

  private Map<String, Map<String, String>> read(String project, String sha) {
    String text;
    try {
      text = calls.count("ci_lint", () -> client.mergedCiConfig(project, sha));
    } catch (GitLabApiException e) {
      if (!e.notFoundOrForbidden()) {
        throw e;
      }
      return Map.of();
    }
    return text.isEmpty() ? Map.of() : parse(text, wanted);
  }

  /**
   * Each job's wanted variables in a merged configuration: the top-level {@code variables:} with
   * the job's own over them. Keys may be written as Ruby symbols ({@code :variables:}), as older
   * GitLab versions write the merged YAML.
   */
  static Map<String, Map<String, String>> parse(String yaml, Set<String> wanted) {
    JsonNode root;
    try {
      root = Documents.YAML.readTree(yaml);
    } catch (IOException e) {
      return Map.of();
    }
    if (root == null || !root.isObject()) {
      return Map.of();
    }
    var global = variables(field(root, "variables"), wanted);
    var out = new HashMap<String, Map<String, String>>();
    for (var e : root.properties()) {
      String name = symbol(e.getKey());
      if (!e.getValue().isObject() || name.startsWith(".") || RESERVED.contains(name)) {
        continue;
      }
      var vars = new HashMap<>(global);
      vars.putAll(variables(field(e.getValue(), "variables"), wanted));
      if (!vars.isEmpty()) {
        out.put(name, Map.copyOf(vars));
      }
    }
    return out;
  }

  /** Top-level keys that are not jobs. */
  private static final Set<String> RESERVED =
      Set.of(
          "variables",
          "stages",
          "default",
          "include",
          "workflow",
          "image",
          "services",
          "cache",
          "before_script",
          "after_script",
          "types",
          "spec");

  private static @Nullable JsonNode field(JsonNode o, String name) {
    for (var e : o.properties()) {
      if (symbol(e.getKey()).equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Map<String, String> variables(@Nullable JsonNode vars, Set<String> wanted) {
    var out = new HashMap<String, String>();
    if (vars == null || !vars.isObject()) {
      return out;
    }
    for (var e : vars.properties()) {
      String name = symbol(e.getKey());
      if (!wanted.contains(name)) {
        continue;
      }
      var v = e.getValue();
      // `NAME: value` or `NAME: {value: ..., description: ...}`
      var value = v.isObject() ? field(v, "value") : v;
      if (value != null && value.isValueNode() && !value.isNull()) {
        out.put(name, value.asText());
      }
    }
    return out;
  }

  private static String symbol(String key) {
    return key.startsWith(":") ? key.substring(1) : key;
  }
}
