package dev.runneriq.gitlab.history;

import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.model.GlJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the finished jobs of the projects in scope back to a moment: for each project {@code GET
 * /projects/:id} and its protected branches and tags (for the ref's protection and the default
 * branch), then {@code GET /projects/:id/jobs?scope[]=success&scope[]=failed} page by page, newest
 * first, until a job that finished before the moment; {@code GET /projects/:id/pipelines/:id} only
 * for a pipeline whose jobs do not carry its source.
 */
public final class HistoryReader {
  /** Told after each project is read; quick, never throws. */
  public interface Progress {
    Progress NONE = (projectsRead, projects, jobsRead) -> {};

    void read(int projectsRead, int projects, long jobsRead);
  }

  /**
   * What was read.
   *
   * @param gone groups and projects of the scope GitLab answered 403 or 404 for, with its answer
   * @param sources pipeline sources read from the pipelines themselves, by pipeline id
   * @param capped projects whose listing ended at {@code max} jobs before reaching {@code since}
   */
  public record Pulled(
      List<ProjectJobs> projects,
      List<String> gone,
      Map<Long, String> sources,
      List<String> capped) {
    public Pulled {
      projects = List.copyOf(projects);
      gone = List.copyOf(gone);
      sources = Map.copyOf(sources);
      capped = List.copyOf(capped);
    }

    public long jobCount() {
      return projects.stream().mapToLong(p -> p.jobs().size()).sum();
    }
  }

  private final GitLabClient client;

  public HistoryReader(GitLabClient client) {
    this.client = client;
  }

  /**
   * @param max the most jobs read of one project
   * @throws GitLabApiException when a read fails for good (a project GitLab no longer shows is
   *     listed in {@link Pulled#gone} instead)
   */
  public Pulled pull(ScopeConfig scope, Instant since, int max, Progress progress) {
    var gone = new ArrayList<String>();
    var projects =
        client.projects(
            scope, (what, e) -> gone.add(what + ": " + e.status() + " " + e.gitlabMessage()));
    var out = new ArrayList<ProjectJobs>();
    var sources = new HashMap<Long, String>();
    var capped = new ArrayList<String>();
    long jobs = 0;
    progress.read(0, projects.size(), 0);
    for (int i = 0; i < projects.size(); i++) {
      var p = projects.get(i);
      String path = p.path();
      List<GlJob> finished;
      ProjectFacts facts;
      try {
        facts = ProjectFacts.of(client.project(path), client.protectedRefs(path));
        finished = client.finishedJobs(path, since, max);
      } catch (GitLabApiException e) {
        if (!e.notFoundOrForbidden()) {
          throw e;
        }
        gone.add("project " + path + ": " + e.status() + " " + e.gitlabMessage());
        progress.read(i + 1, projects.size(), jobs);
        continue;
      }
      if (finished.size() >= max) {
        capped.add(path);
      }
      for (var j : finished) {
        var pipeline = j.pipeline();
        if (pipeline != null && pipeline.source() == null && !sources.containsKey(pipeline.id())) {
          String source = client.pipeline(path, pipeline.id()).source();
          sources.put(pipeline.id(), source == null ? "unknown" : source);
        }
      }
      jobs += finished.size();
      out.add(new ProjectJobs(p.id(), facts, finished));
      progress.read(i + 1, projects.size(), jobs);
    }
    return new Pulled(out, gone, sources, capped);
  }
}
