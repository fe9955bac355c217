package dev.runneriq.gitlab.model;

import java.util.List;

/** A project's protected branch and tag rules. */
public record ProtectedRefs(List<GlProtectedRef> branches, List<GlProtectedRef> tags) {
  public static final ProtectedRefs NONE = new ProtectedRefs(List.of(), List.of());

  public ProtectedRefs {
    branches = List.copyOf(branches);
    tags = List.copyOf(tags);
  }

  /** Whether a branch (or, with {@code tag}, a tag) of this name is protected. */
  public boolean covers(String ref, boolean tag) {
    return (tag ? tags : branches).stream().anyMatch(r -> r.covers(ref));
  }
}
