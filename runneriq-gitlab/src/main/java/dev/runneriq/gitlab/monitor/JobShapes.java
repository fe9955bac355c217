package dev.runneriq.gitlab.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What GitLab last said of a job by its project and name: its tags and its pipeline's source. A
 * hook does not carry a job's tags, but a project's {@code .gitlab-ci.yml} gives a job of one name
 * the same tags pipeline after pipeline, so a job a hook just announced can be decided on them
 * before it is read. The most recent {@code capacity} names are kept. Thread-safe.
 */
final class JobShapes {
  /** Tags and source of the job last read under a project and name. */
  record Shape(List<String> tags, @Nullable String source) {}

  private final Map<String, Shape> byName;

  JobShapes(int capacity) {
    this.byName =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Shape> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void remember(
      String project, String name, List<String> tags, @Nullable String source) {
    byName.put(key(project, name), new Shape(List.copyOf(tags), source));
  }

  /** As {@link #remember}, unless a shape is known for the name already (it is newer). */
  synchronized void learn(String project, String name, List<String> tags, @Nullable String source) {
    byName.putIfAbsent(key(project, name), new Shape(List.copyOf(tags), source));
  }

  synchronized @Nullable Shape find(String project, String name) {
    return byName.get(key(project, name));
  }

  private static String key(String project, String name) {
    return project + '\n' + name;
  }
}
