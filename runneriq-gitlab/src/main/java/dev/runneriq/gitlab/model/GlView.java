package dev.runneriq.gitlab.model;

/**
 * Which of GitLab's entities sends a field, for writing these records in GitLab's shapes (the
 * simulated GitLab does, with {@code GitLabJson.MAPPER.writerWithView}). A field marked {@link
 * Details} comes only from the object's own endpoint, never in a listing nor where another object
 * embeds it: a runner's {@code tag_list} is in {@code /runners/:id} but not in {@code /runners/all}
 * or a job's {@code runner}. Reading ignores views.
 */
public final class GlView {
  private GlView() {}

  /** Listings and embedded objects: GitLab's {@code Runner}, {@code PipelineBasic}, … entities. */
  public interface Basic {}

  /** One object from its own endpoint: {@code RunnerDetails}, {@code Pipeline}. */
  public interface Details extends Basic {}
}
