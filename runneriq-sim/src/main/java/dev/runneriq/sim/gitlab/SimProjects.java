package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The simulated projects: ids (position plus one), paths, default branches and protected refs, as
 * the trace's pipelines show them (a ref marked protected is a protected branch or tag; a ref
 * marked default is the default branch).
 */
final class SimProjects {
  private final List<String> paths;
  private final Map<String, String> defaultBranch = new HashMap<>();
  private final Map<String, TreeSet<String>> protectedBranches = new HashMap<>();
  private final Map<String, TreeSet<String>> protectedTags = new HashMap<>();

  SimProjects(List<String> paths, Trace trace) {
    this.paths = List.copyOf(paths);
    for (var tp : trace.pipelines()) {
      Pipeline p = tp.pipeline();
      if (p.defaultBranch()) {
        defaultBranch.putIfAbsent(p.project(), p.ref());
      }
      if (p.protectedRef()) {
        boolean tag = Pipeline.TAG.equals(p.refKind());
        (tag ? protectedTags : protectedBranches)
            .computeIfAbsent(p.project(), k -> new TreeSet<>())
            .add(p.ref());
      }
    }
  }

  List<String> paths() {
    return paths;
  }

  /** A project by id or full path; GitLab's 404 otherwise. */
  long id(String idOrPath) {
    int at = paths.indexOf(idOrPath);
    if (at >= 0) {
      return at + 1L;
    }
    long id = SimHttp.number(idOrPath);
    if (id < 1 || id > paths.size()) {
      throw new SimHttp.NotFound("Project");
    }
    return id;
  }

  ObjectNode json(long id, Shapes shapes) {
    String path = paths.get((int) id - 1);
    return shapes.project(id, path).put("default_branch", defaultBranch.getOrDefault(path, "main"));
  }

  List<JsonNode> all(Shapes shapes) {
    var out = new ArrayList<JsonNode>();
    for (int i = 1; i <= paths.size(); i++) {
      out.add(json(i, shapes));
    }
    return out;
  }

  List<JsonNode> ofGroup(String group, Shapes shapes) {
    var out = new ArrayList<JsonNode>();
    for (int i = 1; i <= paths.size(); i++) {
      if (paths.get(i - 1).startsWith(group + "/")) {
        out.add(json(i, shapes));
      }
    }
    return out;
  }

  List<JsonNode> protectedRefs(long id, boolean tags) {
    String path = paths.get((int) id - 1);
    var out = new ArrayList<JsonNode>();
    for (String ref :
        (tags ? protectedTags : protectedBranches).getOrDefault(path, new TreeSet<>())) {
      out.add(Shapes.JSON.createObjectNode().put("id", Math.abs(ref.hashCode())).put("name", ref));
    }
    return out;
  }
}
