package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.webhook.JobEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The jobs webhooks showed pending that no snapshot has held yet, waiting to be read from GitLab (a
 * hook does not carry a job's tags): at most {@code capacity} of them, in arrival order, and what
 * was dropped past that or skipped because GitLab no longer knew the job. Thread-safe.
 */
final class HookJobs {
  private final int capacity;
  private final Map<Long, JobEvent> waiting = new LinkedHashMap<>();
  private final Map<Long, Long> arrivals = new LinkedHashMap<>();
  private final Map<String, Integer> skipped = new TreeMap<>();
  private final Map<String, String> skipReasons = new TreeMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private int settled;

  HookJobs(int capacity) {
    this.capacity = capacity;
  }

  /** A job a hook showed pending; false when it was dropped because the backlog is full. */
  synchronized boolean add(JobEvent job, long atNanos) {
    if (waiting.containsKey(job.id())) {
      return true;
    }
    if (waiting.size() >= capacity) {
      dropped.incrementAndGet();
      return false;
    }
    waiting.put(job.id(), job);
    arrivals.putIfAbsent(job.id(), atNanos);
    if (arrivals.size() > capacity * 2) {
      var oldest = arrivals.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /**
   * Up to {@code limit} waiting jobs to read, those {@code stillPending} first (their advice
   * matters now), then those whose outcome hooks already told, oldest first within each.
   */
  synchronized List<JobEvent> next(int limit, Predicate<JobEvent> stillPending) {
    var first = new ArrayList<JobEvent>();
    var later = new ArrayList<JobEvent>();
    for (var j : waiting.values()) {
      (stillPending.test(j) ? first : later).add(j);
    }
    first.addAll(later);
    return List.copyOf(first.subList(0, Math.min(limit, first.size())));
  }

  /** Up to {@code limit} waiting jobs, oldest first. */
  synchronized List<JobEvent> waiting(int limit) {
    var out = new ArrayList<JobEvent>(Math.min(limit, waiting.size()));
    for (var j : waiting.values()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(j);
    }
    return out;
  }

  /** The job was read (or held by a poll), or GitLab no longer knows it: it waits no more. */
  synchronized void done(long id) {
    if (waiting.remove(id) != null) {
      settled++;
    }
  }

  /** GitLab answered 403/404 for a job of {@code project}: counted per project, not per job. */
  synchronized void skip(long id, String project, String reason) {
    if (waiting.remove(id) != null) {
      settled++;
    }
    skipped.merge(project, 1, Integer::sum);
    skipReasons.put(project, reason);
  }

  /** One note per project with skipped jobs: {@code 3 jobs of shop/web skipped: 404 …}. */
  synchronized List<String> notes() {
    var out = new ArrayList<String>();
    skipped.forEach(
        (project, n) ->
            out.add(
                n
                    + (n == 1 ? " job" : " jobs")
                    + " of "
                    + project
                    + " announced by hooks skipped: "
                    + skipReasons.get(project)));
    return out;
  }

  /** Forgets the skip notes: a new poll starts a new account. */
  synchronized void newPoll() {
    skipped.clear();
    skipReasons.clear();
  }

  synchronized boolean isWaiting(long id) {
    return waiting.containsKey(id);
  }

  /** Jobs that stopped waiting (read or skipped) since start; wraps around, compare differences. */
  synchronized int settled() {
    return settled;
  }

  /** Jobs waiting to be read. */
  synchronized int backlog() {
    return waiting.size();
  }

  /** Pending hooks dropped because the backlog was full, since start. */
  long dropped() {
    return dropped.get();
  }

  /**
   * How long ago a hook first showed the job pending, in nanoseconds, or -1 when none did (or this
   * was asked before).
   */
  synchronized long takeAge(long id, long nowNanos) {
    Long at = arrivals.remove(id);
    return at == null ? -1 : nowNanos - at;
  }
}
