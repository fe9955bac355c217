package dev.runneriq.app.serve;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which decisions and outcomes are worth a row in the audit log. A job's decision is logged when
 * the job is new or its advice changed (action, runner, defer-until time or tier), not every cycle;
 * an outcome is logged for a job that has a logged decision, when its status or runner changed; one
 * seen before the job's first decision (a job that started before RunnerIQ looked) is held until
 * that decision. Keeps the advice of the jobs pending now, and the last outcome of the {@code
 * capacity} jobs most recently decided or seen. Thread-safe.
 */
final class AdviceLog {
  /** What a decision advised, without what changes every cycle (score, explanation, id). */
  private record Advice(String action, Long runnerId, Instant deferUntil, String tier) {}

  private Map<Long, Advice> current = new HashMap<>();
  private Map<Long, String> loggedIds = new HashMap<>();
  private final Map<Long, String> decided;
  private final Map<Long, JobOutcome> held;

  AdviceLog(int capacity) {
    this.decided = bounded(capacity);
    this.held = bounded(capacity);
  }

  private static <V> Map<Long, V> bounded(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The decisions of one cycle that are new or changed; forgets jobs no longer pending. */
  synchronized List<Decision> changed(List<Decision> cycle) {
    var next = new HashMap<Long, Advice>();
    var ids = new HashMap<Long, String>();
    var out = new ArrayList<Decision>();
    for (var d : cycle) {
      var advice =
          new Advice(
              d.action().wire(),
              d.runnerId() == null ? -1L : d.runnerId(),
              d.deferUntil() == null ? Instant.EPOCH : d.deferUntil(),
              d.priority().tier().name());
      next.put(d.jobId(), advice);
      if (!advice.equals(current.get(d.jobId()))) {
        out.add(d);
        decided.putIfAbsent(d.jobId(), "");
        ids.put(d.jobId(), d.id());
      } else {
        ids.put(d.jobId(), loggedIds.getOrDefault(d.jobId(), d.id()));
      }
    }
    current = next;
    loggedIds = ids;
    return out;
  }

  /** The id of the logged decision that holds each pending job's current advice. */
  synchronized Map<Long, String> loggedIds() {
    return Map.copyOf(loggedIds);
  }

  /** Outcomes held for these jobs until their first decision was logged; forgets them. */
  synchronized List<JobOutcome> released(List<Decision> logged) {
    var out = new ArrayList<JobOutcome>();
    for (var d : logged) {
      var o = held.remove(d.jobId());
      if (o != null && worthLogging(o)) {
        out.add(o);
      }
    }
    return out;
  }

  /** Whether the outcome is news for a job with a logged decision; else held for a later one. */
  synchronized boolean worthLogging(JobOutcome o) {
    String last = decided.get(o.jobId());
    if (last == null) {
      held.put(o.jobId(), o);
      return false;
    }
    String now = o.status() + "@" + Objects.requireNonNullElse(o.runnerId(), -1L);
    if (now.equals(last)) {
      return false;
    }
    decided.put(o.jobId(), now);
    return true;
  }
}
