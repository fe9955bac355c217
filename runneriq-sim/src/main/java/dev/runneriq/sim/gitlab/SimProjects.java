package dev.runneriq.sim.gitlab;

import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.Trace;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.gitlab.model.GlProtectedRef;
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
  private final String web;
  private final Map<String, String> defaultBranch = new HashMap<>();
  private final Map<String, TreeSet<String>> protectedBranches = new HashMap<>();
  private final Map<String, TreeSet<String>> protectedTags = new HashMap<>();

  /**
   * @param web the simulated GitLab's web address, for web URLs
   */
  SimProjects(List<String> paths, Trace trace, String web) {
    this.paths = List.copyOf(paths);
    this.web = web;
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

  /** A project as GitLab shows it; {@code path} need not be one of the listed projects. */
  GlProject project(String path) {
    return new GlProject(
        paths.indexOf(path) + 1L,
        path.substring(path.lastIndexOf('/') + 1),
        path,
        defaultBranch.getOrDefault(path, "main"),
        web + "/" + path);
  }

  GlProject project(long id) {
    return project(paths.get((int) id - 1));
  }

  List<GlProject> all() {
    return paths.stream().map(this::project).toList();
  }

  List<GlProject> ofGroup(String group) {
    return paths.stream().filter(p -> p.startsWith(group + "/")).map(this::project).toList();
  }

  List<Rest.ProtectedRef> protectedRefs(long id, boolean tags) {
    String path = paths.get((int) id - 1);
    var out = new ArrayList<Rest.ProtectedRef>();
    for (String ref :
        (tags ? protectedTags : protectedBranches).getOrDefault(path, new TreeSet<>())) {
      out.add(new Rest.ProtectedRef(Shapes.idOf(ref), new GlProtectedRef(ref)));
    }
    return out;
  }
}
