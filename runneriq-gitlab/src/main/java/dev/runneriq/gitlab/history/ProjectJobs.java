package dev.runneriq.gitlab.history;

import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.model.GlJob;
import java.util.List;

/**
 * One project's finished jobs as GitLab listed them, with what the trace needs of the project.
 *
 * @param projectId GitLab's project id
 * @param jobs newest first, as {@code /projects/:id/jobs} lists them
 */
public record ProjectJobs(long projectId, ProjectFacts facts, List<GlJob> jobs) {
  public ProjectJobs {
    jobs = List.copyOf(jobs);
  }
}
