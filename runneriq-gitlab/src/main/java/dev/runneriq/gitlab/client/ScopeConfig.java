package dev.runneriq.gitlab.client;

import java.util.List;

/**
 * Which projects RunnerIQ watches: the groups (with their subgroups) and projects named, by id or
 * full path; when both are empty, every project the token is a member of.
 */
public record ScopeConfig(List<String> groups, List<String> projects) {
  public ScopeConfig {
    groups = List.copyOf(groups);
    projects = List.copyOf(projects);
    for (String g : groups) {
      if (g.isBlank()) {
        throw new IllegalArgumentException("gitlab.scope.groups must not hold a blank entry");
      }
    }
    for (String p : projects) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("gitlab.scope.projects must not hold a blank entry");
      }
    }
  }

  /** Everything the token can see. */
  public static ScopeConfig everything() {
    return new ScopeConfig(List.of(), List.of());
  }

  public boolean isEverything() {
    return groups.isEmpty() && projects.isEmpty();
  }
}
