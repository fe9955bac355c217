package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.StatusPrecedence;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The jobs gate mode holds: jobs of opted-in projects that GitLab shows {@code scheduled} (the gate
 * template's {@code when: delayed}). GitLab's REST job has no {@code scheduled_at} and no hook
 * tells of the move to {@code scheduled}, so a held job waits, as far as RunnerIQ can tell, since
 * the first poll that listed it. A hook that shows it pending or later (played, or started by its
 * floor) ends its hold at once, before the next poll.
 */
final class HeldJobs {
  /** GitLab's status of a delayed job whose {@code start_in} has not run out. */
  static final String SCHEDULED = "scheduled";

  /** No project holds: advisory mode. */
  static final Predicate<String> NONE = path -> false;

  private final Predicate<String> holds;
  private final JobStateStore hooks;
  private final Map<Long, Instant> firstSeen = new HashMap<>();
  private final Set<Long> listed = new HashSet<>();
  private final Set<Long> readSincePoll = new HashSet<>();

  HeldJobs(Predicate<String> holds, JobStateStore hooks) {
    this.holds = holds;
    this.hooks = hooks;
  }

  /** Whether some project's jobs may be held (gate mode). */
  boolean active() {
    return holds != NONE;
  }

  /** A scheduled job a poll listed: held, waiting since the first poll that listed it. */
  synchronized PendingJob add(PendingJob job, Instant now) {
    listed.add(job.id());
    return job.waitingSince(firstSeen.computeIfAbsent(job.id(), id -> now));
  }

  /**
   * A scheduled job read between polls ({@link HeldReads}): held, waiting since it was first seen;
   * the next poll keeps that time.
   */
  synchronized PendingJob read(PendingJob job, Instant now) {
    readSincePoll.add(job.id());
    return job.waitingSince(firstSeen.computeIfAbsent(job.id(), id -> now));
  }

  /** The poll that built {@code snapshot} ended: the held jobs it listed; the next poll starts. */
  synchronized Set<Long> polled(Snapshot snapshot) {
    var out = new HashSet<Long>();
    for (var j : snapshot.jobs()) {
      if (listed.contains(j.id())) {
        out.add(j.id());
      }
    }
    var keep = new HashSet<>(listed);
    keep.addAll(readSincePoll); // read while the poll ran: the next poll lists them
    firstSeen.keySet().retainAll(keep);
    listed.clear();
    readSincePoll.clear();
    return out;
  }

  /** Of the jobs the last poll found held, those no hook has shown pending or later since. */
  Set<Long> stillHeld(Set<Long> polled) {
    var out = new HashSet<Long>();
    for (long id : polled) {
      if (!released(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Whether a hook has shown the job pending or later since it was seen held. */
  boolean released(long id) {
    var hook = hooks.job(id).orElse(null);
    return hook != null
        && (hook.status().equals("pending") || StatusPrecedence.pastPending(hook.status()));
  }
}
