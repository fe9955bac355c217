package dev.runneriq.core.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline a pending job belongs to: where it runs from (ref and its protection) and why it
 * runs (source, who triggered it).
 *
 * @param refKind {@code branch}, {@code tag} or {@code merge_request}; unknown values are kept
 * @param source GitLab's pipeline source ({@code push}, {@code schedule}, …); unknown values kept
 */
public record Pipeline(
    long id,
    String project,
    String ref,
    String refKind,
    boolean protectedRef,
    boolean defaultBranch,
    String source,
    @Nullable String user,
    boolean userIsBot,
    List<String> stages) {

  public static final String BRANCH = "branch";
  public static final String TAG = "tag";
  public static final String MERGE_REQUEST = "merge_request";

  public Pipeline {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(refKind, "ref_kind");
    Objects.requireNonNull(source, "source");
    stages = List.copyOf(stages);
  }

  /** The same pipeline in another project. */
  public Pipeline inProject(String project) {
    return new Pipeline(
        id, project, ref, refKind, protectedRef, defaultBranch, source, user, userIsBot, stages);
  }
}
