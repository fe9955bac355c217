package dev.runneriq.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runneriq.formats.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A GitLab CI configuration checked the way GitLab checks it, as far as a test can. Each file is
 * checked against GitLab's JSON Schema of {@code .gitlab-ci.yml} (its pipeline editor's, copied
 * with its notice into {@code gitlab-ci/}); the files are merged as {@code include:} merges them,
 * and every job is built as GitLab builds it ({@code extends} merged under it, {@code !reference}
 * in its {@code rules} resolved) and checked against the schema's job definition and against the
 * server's rules on delays that the schema leaves out ({@code lib/gitlab/ci/config/entry/job.rb}
 * and {@code rules/rule.rb} in GitLab's code).
 *
 * <p>The schema admits anything under a hidden key ({@code .name}) as a YAML anchor, so hidden keys
 * are checked here as jobs too: a configuration whose hidden keys are not job templates is outside
 * what this class checks.
 */
final class GitLabCiConfig {
  private GitLabCiConfig() {}

  private static final String ID = "https://gitlab.com/.gitlab-ci.yml";
  private static final String RESOURCE = "/gitlab-ci/gitlab-ci.schema.json";

  /** The longest {@code start_in} the server takes, in a rule as on a job. */
  static final Duration START_IN_LIMIT = Duration.ofDays(7);

  /**
   * A {@code start_in} as this check reads it: a number and a unit. GitLab's parser (Ruby's
   * ChronicDuration) takes more forms ("1h 30m", "90"), none of which the template uses.
   */
  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,6}) (second|minute|hour|day|week)s?");

  /** GitLab's limit on how deep {@code extends} may nest. */
  private static final int EXTENDS_DEPTH = 11;

  private static final String SCHEMA_TEXT = resource();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_7, b -> b.schemas(Map.of(ID, SCHEMA_TEXT)));
  private static final Schema FILE = REGISTRY.getSchema(SchemaLocation.of(ID));
  private static final Schema JOB = REGISTRY.getSchema(SchemaLocation.of(ID + "#/definitions/job"));

  /** The schema's top-level keywords; every other key names a job. */
  private static final Set<String> KEYWORDS = keywords();

  /**
   * What GitLab would reject in a configuration made of these files, the included ones first and
   * the project's {@code .gitlab-ci.yml} last; empty if nothing. Each problem names its file (by
   * position, from 1) or its job.
   */
  static List<String> problems(String... files) {
    var out = new ArrayList<String>();
    ObjectNode config = Documents.JSON.createObjectNode();
    for (int i = 0; i < files.length; i++) {
      var doc = parse(files[i], "file " + (i + 1));
      out.addAll(schemaProblems(FILE, doc, "file " + (i + 1)));
      config = merged(config, doc);
    }
    for (var e : config.properties()) {
      String name = e.getKey();
      if (KEYWORDS.contains(name) || !(e.getValue() instanceof ObjectNode)) {
        continue; // a job that is not a mapping is the schema's to report
      }
      var job = built(config, name, out);
      out.addAll(schemaProblems(JOB, job, name));
      out.addAll(delayProblems(name, job));
    }
    return out;
  }

  /** A YAML document as a tree; tags are dropped, so {@code !reference [a, b]} reads as [a, b]. */
  static ObjectNode parse(String yaml, String source) {
    if (Documents.parse(yaml.getBytes(StandardCharsets.UTF_8), source, true)
        instanceof ObjectNode doc) {
      return doc;
    }
    throw new IllegalArgumentException(source + " is not a YAML mapping");
  }

  /**
   * The server's rules on delays that GitLab's schema does not state: a rule that is {@code when:
   * delayed} names a {@code start_in}, and only such a rule does; a {@code start_in} is a literal
   * duration of at most a week (the server neither expands variables in it nor takes more); and a
   * job with {@code rules} has no {@code start_in} of its own.
   */
  private static List<String> delayProblems(String name, JsonNode job) {
    var out = new ArrayList<String>();
    if (job.has("rules")) {
      if (job.has("start_in")) {
        out.add(name + ": config key may not be used with `rules`: start_in");
      }
      int i = 0;
      for (var rule : job.get("rules")) {
        out.addAll(delayProblemsOf(name + ": rules[" + i++ + "]", rule));
      }
    } else {
      out.addAll(delayProblemsOf(name, job));
    }
    return out;
  }

  /** The delay problems of a rule, or of a job without rules: both hold when and start_in. */
  private static List<String> delayProblemsOf(String where, JsonNode holder) {
    boolean delayed = holder.path("when").asText().equals("delayed");
    if (delayed && !holder.has("start_in")) {
      return List.of(where + ": when: delayed without start_in");
    }
    if (!delayed && holder.has("start_in")) {
      return List.of(where + ": start_in without when: delayed");
    }
    return delayed ? startInProblems(where, holder.get("start_in")) : List.of();
  }

  private static List<String> startInProblems(String where, JsonNode startIn) {
    String text = startIn.asText();
    var m = DURATION.matcher(text);
    if (!m.matches()) {
      return List.of(
          where
              + ": start_in '"
              + text
              + "' is not a duration such as '10 minutes'"
              + (text.contains("$") ? " (GitLab does not expand variables in start_in)" : ""));
    }
    long seconds =
        switch (m.group(2)) {
          case "second" -> 1;
          case "minute" -> 60;
          case "hour" -> 3_600;
          case "day" -> 86_400;
          default -> 604_800;
        };
    if (Duration.ofSeconds(Long.parseLong(m.group(1)) * seconds).compareTo(START_IN_LIMIT) > 0) {
      return List.of(where + ": start_in '" + text + "' is over GitLab's limit of 1 week");
    }
    return List.of();
  }

  /** The job {@code name} as GitLab builds it: extended, and its rules' references resolved. */
  private static ObjectNode built(ObjectNode config, String name, List<String> out) {
    var job = extended(config, name, 0, out);
    if (job.get("rules") instanceof ArrayNode rules) {
      job.set("rules", resolved(config, name, rules, out));
    }
    return job;
  }

  /**
   * The job {@code name} with the jobs it extends merged under it, in order, as GitLab does: maps
   * merge key by key, anything else (a list included) the later one replaces.
   */
  private static ObjectNode extended(ObjectNode config, String name, int depth, List<String> out) {
    var job = (ObjectNode) config.get(name);
    var base = Documents.JSON.createObjectNode();
    var parents = new ArrayList<JsonNode>();
    if (job.get("extends") instanceof ArrayNode list) {
      list.forEach(parents::add);
    } else if (job.has("extends")) {
      parents.add(job.get("extends"));
    }
    for (var parent : parents) {
      if (depth >= EXTENDS_DEPTH) {
        out.add(name + ": extends nests deeper than " + EXTENDS_DEPTH + " levels");
      } else if (config.get(parent.asText()) instanceof ObjectNode) {
        base = merged(base, extended(config, parent.asText(), depth + 1, out));
      } else {
        out.add(name + ": extends " + parent.asText() + ", which is not defined");
      }
    }
    var own = job.deepCopy();
    own.remove("extends");
    return merged(base, own);
  }

  /**
   * The rules with each {@code !reference} replaced by what it names, lists spliced in. The schema
   * admits a list of strings as a rule only as a {@code !reference}, which reaches here as that
   * list.
   */
  private static ArrayNode resolved(
      ObjectNode config, String name, ArrayNode rules, List<String> out) {
    var flat = Documents.JSON.createArrayNode();
    for (var rule : rules) {
      if (!rule.isArray() || rule.isEmpty()) {
        flat.add(rule);
        continue;
      }
      String first = rule.get(0).asText();
      JsonNode target =
          config.get(first) instanceof ObjectNode
              ? extended(config, first, 0, out)
              : Documents.JSON.missingNode();
      for (int i = 1; i < rule.size(); i++) {
        target = target.path(rule.get(i).asText());
      }
      if (target.isMissingNode()) {
        out.add(name + ": !reference " + rule + " names nothing");
      } else if (target.isArray()) {
        target.forEach(flat::add);
      } else {
        flat.add(target);
      }
    }
    return flat;
  }

  /** {@code over} merged onto {@code base}: maps key by key, anything else replaced. */
  private static ObjectNode merged(ObjectNode base, ObjectNode over) {
    var out = base.deepCopy();
    for (var e : over.properties()) {
      var value = e.getValue();
      out.set(
          e.getKey(),
          out.get(e.getKey()) instanceof ObjectNode mine && value instanceof ObjectNode theirs
              ? merged(mine, theirs)
              : value.deepCopy());
    }
    return out;
  }

  private static List<String> schemaProblems(Schema schema, JsonNode value, String where) {
    var out = new ArrayList<String>();
    for (var e : schema.validate(value)) {
      String at = e.getInstanceLocation().toString();
      out.add(where + (at.isEmpty() ? "" : " at " + at) + ": " + e.getMessage());
    }
    return out;
  }

  private static Set<String> keywords() {
    var out = new HashSet<String>();
    Documents.parse(SCHEMA_TEXT.getBytes(StandardCharsets.UTF_8), RESOURCE, false)
        .path("properties")
        .properties()
        .forEach(e -> out.add(e.getKey()));
    return Set.copyOf(out);
  }

  private static String resource() {
    try (InputStream in = GitLabCiConfig.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + RESOURCE + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
