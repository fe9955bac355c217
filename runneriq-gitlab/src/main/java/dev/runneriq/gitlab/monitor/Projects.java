package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What changes slowly and is read through the monitor's call counter: the projects in scope with
 * their default branch and protected refs, and pipeline sources. Refreshed every {@code every}
 * polls; pipelines are kept for the most recent {@code PIPELINES} ids. Thread-safe: the poll and
 * the quick updates from hooks share it; no GitLab call is made under its lock.
 */
final class Projects {
  private static final int PIPELINES = 5_000;

  private final Calls calls;
  private final int every;
  private final Map<String, ProjectFacts> byPath = new HashMap<>();
  private final Map<Long, ProjectFacts> byId = new HashMap<>();
  private final List<GlProject> scoped = new ArrayList<>();
  private final Map<Long, GlPipeline> pipelines =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, GlPipeline> eldest) {
          return size() > PIPELINES;
        }
      };
  private int polls;

  Projects(Calls calls, int every) {
    this.calls = calls;
    this.every = every;
  }

  /** Whether this poll should re-read what is cached (the first poll, then every {@code every}). */
  synchronized boolean dueForRefresh() {
    return polls % every == 0;
  }

  /** Counts a finished poll. */
  synchronized void polled() {
    polls++;
  }

  /**
   * The projects in scope, read again when due. Reads happen outside the lock, so that the quick
   * updates from hooks never wait for a poll's GitLab calls.
   */
  List<GlProject> scoped(java.util.function.Supplier<List<GlProject>> read) {
    synchronized (this) {
      if (!dueForRefresh() && !scoped.isEmpty()) {
        return List.copyOf(scoped);
      }
    }
    var fresh = calls.count("projects", read);
    synchronized (this) {
      scoped.clear();
      scoped.addAll(fresh);
      if (dueForRefresh()) {
        byPath.clear();
        byId.clear();
      }
      return List.copyOf(scoped);
    }
  }

  /** A project's facts by path, read (project and protected refs) when not known. */
  ProjectFacts facts(GlProject project, java.util.function.Function<String, ProjectFacts> read) {
    synchronized (this) {
      var known = byId.get(project.id());
      if (known != null) {
        return known;
      }
    }
    var facts = read.apply(project.path());
    synchronized (this) {
      byId.put(project.id(), facts);
      byPath.put(facts.path(), facts);
    }
    return facts;
  }

  /** A project's facts by path, read when not known. */
  ProjectFacts facts(String path, java.util.function.Function<String, ProjectFacts> read) {
    synchronized (this) {
      var known = byPath.get(path);
      if (known != null) {
        return known;
      }
    }
    var facts = read.apply(path);
    synchronized (this) {
      byPath.put(path, facts);
    }
    return facts;
  }

  /** A project's facts by path when known, without reading them. */
  synchronized @Nullable ProjectFacts known(String path) {
    return byPath.get(path);
  }

  synchronized @Nullable GlPipeline pipeline(long id) {
    return pipelines.get(id);
  }

  synchronized void pipeline(GlPipeline p) {
    pipelines.put(p.id(), p);
  }
}
