package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.StatusPrecedence;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The jobs running on each runner: as the last poll listed them, then as hooks tell of jobs
 * starting and ending since, so that a decision between two polls sees the loads of now. Thread-
 * safe.
 */
final class LiveLoad {
  private final Map<Long, Set<Long>> byRunner = new HashMap<>();

  /** What a poll saw running, per runner id: it replaces everything hooks said before. */
  synchronized void polled(Map<Long, Set<Long>> running) {
    byRunner.clear();
    running.forEach((runner, jobs) -> byRunner.put(runner, new HashSet<>(jobs)));
  }

  /** A job's newer state from a hook. */
  synchronized void event(JobEvent job) {
    if (!StatusPrecedence.pastPending(job.status())) {
      return;
    }
    for (var jobs : byRunner.values()) {
      jobs.remove(job.id());
    }
    if ("running".equals(job.status()) && job.runnerId() != null) {
      byRunner.computeIfAbsent(job.runnerId(), r -> new HashSet<>()).add(job.id());
    }
  }

  /** Jobs running on {@code runnerId} now, or {@code polled} when no poll listed the runner. */
  synchronized int running(long runnerId, int polled) {
    var jobs = byRunner.get(runnerId);
    return jobs == null ? polled : jobs.size();
  }
}
