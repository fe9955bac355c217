package dev.runneriq.gitlab.history;

import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyEstimator;
import dev.runneriq.gitlab.mapping.GitLabMapping;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fleet from the runners the jobs ran on, for when no fleet file is given: each runner's details
 * ({@code GET /runners/:id}: tags, untagged jobs, protected refs, type), its concurrency from
 * {@code gitlab.concurrency} or else the most of the jobs it ran at once, its zone, power and speed
 * from the {@code fleet} section. Every runner is online and unpaused: it ran jobs then. A runner
 * GitLab no longer shows is rebuilt from its jobs (their tags). What was assumed is in {@link
 * Built#assumed}.
 */
public final class HistoryFleet {
  /**
   * @param assumed one line per runner field that is not GitLab's own word ({@code "runner 7
   *     concurrency 1: default"})
   */
  public record Built(List<Runner> runners, List<String> assumed) {
    public Built {
      runners = List.copyOf(runners);
      assumed = List.copyOf(assumed);
    }
  }

  private HistoryFleet() {}

  public static Built build(
      GitLabClient client,
      List<ProjectJobs> projects,
      ConcurrencyConfig concurrency,
      RunnerSites sites) {
    var byRunner = new TreeMap<Long, List<GlJob>>();
    for (var p : projects) {
      for (var j : p.jobs()) {
        var r = j.runner();
        if (r != null) {
          byRunner.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(j);
        }
      }
    }
    var estimator = new ConcurrencyEstimator();
    byRunner.forEach((id, jobs) -> estimator.observe(id, mostAtOnce(jobs)));
    var runners = new ArrayList<Runner>();
    var assumed = new ArrayList<String>();
    var noZone = new ArrayList<Long>();
    for (var e : byRunner.entrySet()) {
      GlRunner details;
      boolean gone = false;
      try {
        details = client.runner(e.getKey());
      } catch (GitLabApiException ex) {
        if (!ex.notFoundOrForbidden()) {
          throw ex;
        }
        details = fromJobs(e.getKey(), e.getValue());
        gone = true;
      }
      var resolved = concurrency.resolve(details, estimator);
      var runner =
          GitLabMapping.runner(details, 0, concurrency, sites, estimator).toBuilder()
              .online(true)
              .paused(false)
              .build();
      runners.add(runner);
      String name = "runner " + e.getKey();
      if (gone) {
        assumed.add(
            name
                + ": GitLab no longer shows it ("
                + "tags from its jobs "
                + runner.tagList()
                + ", untagged jobs allowed, not protected)");
      }
      if (!resolved.source().startsWith("configured")) {
        assumed.add(name + " concurrency " + resolved.value() + ": " + resolved.source());
      }
      var site = sites.resolve(details);
      if (site.zone() == null) {
        noZone.add(e.getKey());
      }
    }
    if (!noZone.isEmpty()) {
      assumed.add(
          "zone unknown (no carbon data for their jobs; fleet.zone or fleet.zone_by_tag) for"
              + " runners "
              + noZone);
    }
    return new Built(runners, assumed);
  }

  /** The most of {@code jobs} that ran at the same moment. */
  static int mostAtOnce(List<GlJob> jobs) {
    var edges = new TreeMap<Instant, Integer>();
    for (var j : jobs) {
      Instant start = GitLabTimes.parse(j.startedAt());
      Instant end = GitLabTimes.parse(j.finishedAt());
      if (start != null && end != null && end.isAfter(start)) {
        edges.merge(start, 1, Integer::sum);
        edges.merge(end, -1, Integer::sum);
      }
    }
    int now = 0;
    int most = 0;
    for (int d : edges.values()) {
      now += d;
      most = Math.max(most, now);
    }
    return most;
  }

  private static GlRunner fromJobs(long id, List<GlJob> jobs) {
    var tags = new TreeSet<String>();
    jobs.forEach(j -> tags.addAll(j.tagList()));
    var seen = jobs.get(0).runner();
    return new GlRunner(
        id,
        seen == null ? null : seen.description(),
        seen == null ? null : seen.name(),
        true,
        false,
        seen == null ? null : seen.isShared(),
        seen == null ? null : seen.runnerType(),
        true,
        "online",
        List.copyOf(tags),
        true,
        Runner.NOT_PROTECTED,
        null,
        null,
        List.of(),
        List.of());
  }
}
