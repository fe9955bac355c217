package dev.runneriq.gitlab.history;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.mapping.GitLabMapping;
import dev.runneriq.gitlab.mapping.JobFacts;
import dev.runneriq.gitlab.model.GlJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Finished jobs as a trace: the jobs of each pipeline (the last run of a retried job), the pipeline
 * as the service maps it ({@link GitLabMapping#pendingJob}: ref kind, protection, default branch,
 * source, user), created when GitLab says (else when its first job was), each job running as long
 * as it ran on a runner of speed 1.0. Pure: the reads are {@link HistoryReader}'s.
 *
 * <p>What GitLab's job listing does not say is filled in from what it does: the stages' order from
 * when their jobs became pending, and, when {@code inferNeeds}, the {@code needs} of a job that
 * became pending before every job of the earlier stages had ended (the earlier jobs that had ended
 * by then; none, when it became pending at once). A failed job is kept {@code failed} and allowed
 * to fail: the jobs a failure skipped never ran, so they are not in the trace, and those that ran
 * after it did.
 */
public final class HistoryTrace {
  /** Slack between one job's end and another's becoming pending, for GitLab's bookkeeping. */
  static final Duration SLACK = Duration.ofSeconds(2);

  /**
   * A job that became pending this long or longer after it could have was held: delayed ({@code
   * when: delayed}), or manual and played then. Below it, GitLab's own processing.
   */
  static final Duration HELD = Duration.ofSeconds(30);

  /**
   * The trace and what did not make it into it.
   *
   * @param unknownDuration pipelines left out because a job's run time is not known
   * @param retriesDropped earlier runs of retried jobs, left out (the last run is kept)
   * @param withoutPipeline jobs GitLab showed without their pipeline, left out
   * @param inferredNeeds jobs given {@code needs} from their timing
   * @param held jobs that became pending well after they could have (delayed, or manual and played
   *     later), replayed as {@code when: delayed} by that much
   */
  public record Built(
      Trace trace,
      int unknownDuration,
      int retriesDropped,
      int withoutPipeline,
      int inferredNeeds,
      int held) {}

  private HistoryTrace() {}

  /**
   * @param speedOf the relative speed of a runner by id (1.0 when unknown): a job that ran {@code
   *     d} seconds on a runner of speed {@code s} is {@code d * s} seconds of work
   * @param sources pipeline sources by pipeline id, for jobs whose pipeline does not carry it
   */
  public static Built build(
      String source,
      List<ProjectJobs> projects,
      LongToDoubleFunction speedOf,
      Map<Long, String> sources,
      boolean inferNeeds) {
    var pipelines = new ArrayList<TracePipeline>();
    int unknown = 0;
    int retries = 0;
    int orphans = 0;
    int[] needs = {0, 0};
    for (var project : projects) {
      var byPipeline = new LinkedHashMap<Long, Map<String, GlJob>>();
      for (var j : project.jobs()) {
        var p = j.pipeline();
        if (p == null) {
          orphans++;
          continue;
        }
        var byName = byPipeline.computeIfAbsent(p.id(), k -> new HashMap<>());
        var other = byName.get(j.name());
        if (other != null) {
          retries++;
          if (other.id() > j.id()) {
            continue;
          }
        }
        byName.put(j.name(), j);
      }
      for (var e : byPipeline.entrySet()) {
        var jobs = new ArrayList<>(e.getValue().values());
        if (jobs.stream().anyMatch(j -> runTime(j) == null)) {
          unknown++;
          continue;
        }
        pipelines.add(pipeline(project, e.getKey(), jobs, speedOf, sources, inferNeeds, needs));
      }
    }
    return new Built(new Trace(source, pipelines), unknown, retries, orphans, needs[0], needs[1]);
  }

  private static TracePipeline pipeline(
      ProjectJobs project,
      long pipelineId,
      List<GlJob> jobs,
      LongToDoubleFunction speedOf,
      Map<Long, String> sources,
      boolean inferNeeds,
      int[] inferred) {
    jobs.sort(Comparator.comparing(HistoryTrace::pendingAt).thenComparingLong(GlJob::id));
    var stages = new ArrayList<String>();
    for (var j : jobs) {
      if (!stages.contains(j.stage())) {
        stages.add(j.stage());
      }
    }
    var embedded = jobs.get(0).pipeline();
    Instant created = embedded == null ? null : GitLabTimes.parse(embedded.createdAt());
    if (created == null) {
      created = jobs.stream().map(HistoryTrace::createdAt).min(Instant::compareTo).orElseThrow();
    }
    String source = embedded != null && embedded.source() != null ? embedded.source() : null;
    if (source == null) {
      source = sources.get(pipelineId);
    }
    var out = new ArrayList<TraceJob>(jobs.size());
    for (var j : jobs) {
      PendingJob spec =
          GitLabMapping.pendingJob(
                  JobFacts.of(j), project.facts(), source, stages, created, Map.of())
              .waitingSince(created);
      var runner = j.runner();
      double speed = runner == null ? 1.0 : speedOf.applyAsDouble(runner.id());
      double seconds = java.util.Objects.requireNonNull(runTime(j)) * speed;
      List<String> needs = inferNeeds ? needs(j, jobs, stages) : null;
      if (needs != null) {
        inferred[0]++;
      }
      boolean failed = j.status().equals("failed");
      double heldS = held(j, needs, jobs, stages, created);
      if (heldS > 0) {
        inferred[1]++;
      }
      out.add(
          new TraceJob(
              spec,
              needs,
              seconds,
              failed,
              failed,
              heldS > 0 ? TraceJob.DELAYED : TraceJob.ON_SUCCESS,
              heldS));
    }
    // GitLab's order is the job id's: the oldest pending job first
    out.sort(Comparator.comparingLong(TraceJob::id));
    return new TracePipeline(out.get(0).spec().pipeline(), created, project.projectId(), out);
  }

  /**
   * The jobs of earlier stages that had ended when {@code j} became pending, when it did so before
   * all of them had ended (it had {@code needs}); null when it waited for its stage's turn.
   */
  private static @Nullable List<String> needs(GlJob j, List<GlJob> jobs, List<String> stages) {
    int stage = stages.indexOf(j.stage());
    Instant pending = pendingAt(j).plus(SLACK);
    var ended = new TreeMap<Long, String>();
    boolean allEnded = true;
    for (var other : jobs) {
      if (stages.indexOf(other.stage()) >= stage) {
        continue;
      }
      Instant end = GitLabTimes.parse(other.finishedAt());
      if (end != null && !end.isAfter(pending)) {
        ended.put(other.id(), other.name());
      } else {
        allEnded = false;
      }
    }
    return allEnded ? null : List.copyOf(ended.values());
  }

  /**
   * Seconds between when {@code j} could have become pending (its needs, else its earlier stages,
   * had ended; else the pipeline was created) and when it did, when that is {@link #HELD} or more;
   * else 0.
   */
  private static double held(
      GlJob j,
      @Nullable List<String> needs,
      List<GlJob> jobs,
      List<String> stages,
      Instant created) {
    int stage = stages.indexOf(j.stage());
    Instant ready = created;
    for (var other : jobs) {
      boolean waitedFor =
          needs != null ? needs.contains(other.name()) : stages.indexOf(other.stage()) < stage;
      Instant end = GitLabTimes.parse(other.finishedAt());
      if (waitedFor && end != null && end.isAfter(ready)) {
        ready = end;
      }
    }
    var gap = Duration.between(ready, pendingAt(j));
    return gap.compareTo(HELD) >= 0 ? gap.toMillis() / 1000.0 : 0;
  }

  /** Seconds the job ran: GitLab's {@code duration}, else from its start to its end. */
  static @Nullable Double runTime(GlJob j) {
    if (j.duration() != null && j.duration() >= 0 && !j.duration().isInfinite()) {
      return j.duration();
    }
    Instant start = GitLabTimes.parse(j.startedAt());
    Instant end = GitLabTimes.parse(j.finishedAt());
    return start == null || end == null || end.isBefore(start)
        ? null
        : Duration.between(start, end).toMillis() / 1000.0;
  }

  private static Instant createdAt(GlJob j) {
    Instant c = GitLabTimes.parse(j.createdAt());
    return c != null ? c : pendingAt(j);
  }

  /**
   * When the job became pending: its start less its {@code queued_duration}; its creation when
   * GitLab does not say.
   */
  static Instant pendingAt(GlJob j) {
    Instant start = GitLabTimes.parse(j.startedAt());
    Double queued = j.queuedDuration();
    if (start != null && queued != null && queued >= 0 && !queued.isInfinite()) {
      return start.minusMillis(Math.round(queued * 1000));
    }
    Instant c = GitLabTimes.parse(j.createdAt());
    return c != null ? c : start != null ? start : Instant.EPOCH;
  }
}
