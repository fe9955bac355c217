package dev.runneriq.gitlab.model;

import org.jspecify.annotations.Nullable;

/**
 * A project as {@code /projects}, runner details and hooks show it.
 *
 * @param pathWithNamespace {@code group/sub/app}; the core model names projects by this path
 */
public record GlProject(
    long id,
    @Nullable String name,
    @Nullable String pathWithNamespace,
    @Nullable String defaultBranch,
    @Nullable String webUrl) {

  /** The project's path, or its id as text when GitLab did not send the path. */
  public String path() {
    return pathWithNamespace == null || pathWithNamespace.isBlank()
        ? Long.toString(id)
        : pathWithNamespace;
  }
}
