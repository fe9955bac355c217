package dev.runneriq.sim;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.sim.LiveSim.JobState;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Each job of a live run as GitLab shows it ({@link JobState}), with what GitLab's writes changed:
 * a retry makes a new job (a new id, created then) on the same job index, the old one kept as it
 * last was; a play or a retry makes the caller the job's user; a held job is pending from its
 * release, not from when it was ready. GitLab's automatic retry of a run its runner failed makes a
 * new job too, pending from then (the simulation counts its wait from the first).
 */
final class LiveJobs {
  private final World w;
  private final Simulation sim;
  private final @Nullable GatePolicy gate;
  private final Instant start;

  /** Per job index: the job now, where a retry replaced it, else null. */
  private final @Nullable TraceJob[] renewed;

  /** Per job index: when a retry made it (ms since the start), else -1. */
  private final long[] createdMs;

  /** Per job index: whoever played or retried it, else null. */
  private final @Nullable String[] users;

  /** Per job index: when a held job was released (ms since the start), else -1. */
  private final long[] releasedMs;

  /** Retried jobs, by id, as they were when retried. */
  private final Map<Long, JobState> retired = new HashMap<>();

  private long nextId;

  LiveJobs(Simulation sim, @Nullable GatePolicy gate, Instant start) {
    this.sim = sim;
    this.w = sim.world();
    this.gate = gate;
    this.start = start;
    int n = w.jobCount();
    renewed = new TraceJob[n];
    users = new String[n];
    createdMs = new long[n];
    Arrays.fill(createdMs, -1);
    releasedMs = new long[n];
    Arrays.fill(releasedMs, -1);
    for (var j : w.jobs) {
      nextId = Math.max(nextId, j.id() + 1);
    }
  }

  /** The job at index {@code j} now. */
  TraceJob job(int j) {
    var r = renewed[j];
    return r != null ? r : w.jobs[j];
  }

  /** A retried job by id, as it was when retried, or null. */
  @Nullable JobState retired(long id) {
    return retired.get(id);
  }

  void user(int j, String user) {
    users[j] = user;
  }

  /**
   * GitLab's retry of the job at {@code j}, shown as {@code old}: the old job is kept as it is, and
   * the index holds a new job, GitLab's newest, made now and run as {@code user}.
   */
  void renew(int j, JobState old, long now, @Nullable String user) {
    retired.put(old.job().id(), old);
    var spec = job(j).spec();
    var fresh =
        new PendingJob(
            nextId++,
            spec.name(),
            spec.stage(),
            spec.tagList(),
            spec.pendingSince(),
            spec.timeoutS(),
            spec.environment(),
            spec.variables(),
            spec.pipeline(),
            spec.history(),
            spec.interruptible());
    renewed[j] = job(j).withSpec(fresh);
    createdMs[j] = now;
    users[j] = user;
  }

  void released(int j, long now) {
    releasedMs[j] = now;
  }

  /** The job is pending anew (ready, or run again): any earlier release is past. */
  void pendingAgain(int j) {
    releasedMs[j] = -1;
  }

  /** When GitLab made the job pending (ms since the start), or -1: a held job is not pending. */
  long pendingAt(int j) {
    if (gate != null && gate.scheduled(j)) {
      return -1;
    }
    if (releasedMs[j] >= 0) {
      return releasedMs[j];
    }
    long pending = sim.pendingAt[j];
    // a retry is pending from when it was made, the simulation's wait counting from the first
    return pending >= 0 ? Math.max(pending, createdMs[j]) : pending;
  }

  JobState state(int j) {
    int r = sim.runnerOf[j];
    var job = job(j);
    long created = createdMs[j] >= 0 ? createdMs[j] : w.createdMs[w.pipelineOf[j]];
    return new JobState(
        job,
        w.projectOf[j] + 1L,
        status(j),
        start.plusMillis(created),
        at(pendingAt(j)),
        at(sim.startAt[j]),
        sim.ran(j) || sim.canceled(j) ? at(sim.endAt[j]) : null,
        r < 0 ? null : w.runners[r],
        gate != null && gate.delayed(j) ? TraceJob.DELAYED : job.when(),
        users[j]);
  }

  /** The job's status as GitLab shows it now. */
  private String status(int j) {
    if (sim.canceled(j)) {
      return "canceled";
    } else if (sim.endAt[j] >= 0) {
      if (sim.ran(j)) {
        return w.fails[j] || sim.runnerFault(j) ? "failed" : "success";
      }
      // without gate mode manual jobs show as skipped, as they always have here
      boolean manual =
          gate != null && w.when[j] == World.MANUAL && !sim.upstreamFailed[j] && !sim.excluded[j];
      return manual ? "manual" : "skipped";
    } else if (sim.startAt[j] >= 0) {
      return "running";
    } else if (sim.pendingAt[j] >= 0) {
      return gate != null && gate.scheduled(j) ? "scheduled" : "pending";
    }
    return "created";
  }

  private @Nullable Instant at(long ms) {
    return ms < 0 ? null : start.plusMillis(ms);
  }
}
