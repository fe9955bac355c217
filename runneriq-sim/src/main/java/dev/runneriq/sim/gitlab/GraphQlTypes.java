package dev.runneriq.sim.gitlab;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The objects of GitLab's GraphQL types ({@code gitlab-schema.graphqls}) that the simulated GitLab
 * answers {@code Query.jobs} with, a record per type under GitLab's name; graphql-java reads each
 * field the query asks for from the accessor of that name. Fields the simulation has no state for
 * answer GitLab's value for a job that is neither manual nor retried.
 */
final class GraphQlTypes {
  private GraphQlTypes() {}

  public record CiJobConnection(
      int count, List<CiJob> nodes, List<CiJobEdge> edges, PageInfo pageInfo) {}

  public record CiJobEdge(String cursor, CiJob node) {}

  public record PageInfo(
      boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

  /**
   * @param status upper-case, as GitLab's {@code CiJobStatus}
   */
  public record CiJob(
      String id,
      String name,
      String status,
      String createdAt,
      @Nullable String queuedAt,
      @Nullable String startedAt,
      @Nullable String finishedAt,
      String refName,
      boolean createdByTag,
      List<String> tags,
      CiStage stage,
      boolean allowFailure,
      String shortSha,
      String webPath,
      Pipeline pipeline,
      Project project) {

    public boolean active() {
      return status.equals("PENDING") || status.equals("RUNNING");
    }

    public boolean cancelable() {
      return active();
    }

    public boolean canPlayJob() {
      return false;
    }

    public boolean playable() {
      return false;
    }

    public boolean retryable() {
      return false;
    }

    public boolean scheduled() {
      return false;
    }

    public boolean stuck() {
      return false;
    }
  }

  public record CiStage(String name) {}

  /** A running pipeline, the latest of its ref. */
  public record Pipeline(
      String id,
      String iid,
      String sha,
      String ref,
      String source,
      String path,
      String createdAt,
      String updatedAt,
      int totalJobs,
      UserCore user,
      Project project) {

    public boolean child() {
      return source.equals("parent_pipeline");
    }

    public boolean trigger() {
      return source.equals("trigger");
    }

    public boolean active() {
      return true;
    }

    public boolean cancelable() {
      return true;
    }

    public boolean complete() {
      return false;
    }

    public boolean latest() {
      return true;
    }

    public boolean retryable() {
      return false;
    }

    public boolean stuck() {
      return false;
    }

    public boolean warnings() {
      return false;
    }

    public boolean yamlErrors() {
      return false;
    }
  }

  public record Project(String id, String fullPath, String webUrl) {
    public String name() {
      return fullPath.substring(fullPath.lastIndexOf('/') + 1);
    }

    public String nameWithNamespace() {
      return fullPath.replace("/", " / ");
    }
  }

  public record UserCore(
      String id, String username, String name, boolean bot, String webPath, String webUrl) {}
}
