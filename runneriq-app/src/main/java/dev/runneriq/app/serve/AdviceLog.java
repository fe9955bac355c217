package dev.runneriq.app.serve;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which decisions and outcomes are worth a row in the audit log. A job's decision is logged when
 * the job is new or its advice changed (action, runner, defer-until time or tier), not every cycle;
 * an outcome is logged for a job that has a logged decision, when its status or runner changed; one
 * seen before the job's first decision (a job that started before RunnerIQ looked) is held until
 * that decision. Keeps the advice of the jobs pending now, and the last outcome of the {@code
 * capacity} jobs most recently decided or seen. Thread-safe.
 */
final class AdviceLog {
  // what each job pending at the last cycle was advised (without what changes every cycle: score,
  // explanation, id), by its place then: the action and tier, the runner (-1 for none), the time
  // it is deferred to; and the id of the logged decision that holds that advice. Arrays, not maps
  // of 100,000 entries made again every cycle for the collector to copy.
  private long[] jobs = new long[0];
  private int[] kinds = new int[0];
  private long[] runners = new long[0];
  private @Nullable Instant[] defers = new Instant[0];
  private String[] ids = new String[0];
  private @Nullable IdIndex placeOf;
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
    int n = cycle.size();
    var nextJobs = new long[n];
    var nextKinds = new int[n];
    var nextRunners = new long[n];
    var nextDefers = new @Nullable Instant[n];
    var nextIds = new String[n];
    var out = new ArrayList<Decision>();
    for (int i = 0; i < n; i++) {
      var d = cycle.get(i);
      int kind = d.action().ordinal() << 8 | d.priority().tier().ordinal();
      long runner = d.runnerId() == null ? -1 : d.runnerId();
      nextJobs[i] = d.jobId();
      nextKinds[i] = kind;
      nextRunners[i] = runner;
      nextDefers[i] = d.deferUntil();
      int at = place(d.jobId(), i);
      if (at >= 0
          && kinds[at] == kind
          && runners[at] == runner
          && Objects.equals(defers[at], d.deferUntil())) {
        nextIds[i] = ids[at];
      } else {
        out.add(d);
        decided.putIfAbsent(d.jobId(), "");
        nextIds[i] = d.id();
      }
    }
    jobs = nextJobs;
    kinds = nextKinds;
    runners = nextRunners;
    defers = nextDefers;
    ids = nextIds;
    placeOf = null;
    return out;
  }

  /** Where the last cycle had {@code job}: most often at the same place, else looked up. */
  private int place(long job, int expected) {
    if (expected < jobs.length && jobs[expected] == job) {
      return expected;
    }
    var index = placeOf;
    if (index == null) {
      index = new IdIndex(jobs);
      placeOf = index;
    }
    return index.of(job);
  }

  /** The id of the logged decision that holds each pending job's current advice. */
  synchronized Map<Long, String> loggedIds() {
    var out = new HashMap<Long, String>(jobs.length * 2);
    for (int i = 0; i < jobs.length; i++) {
      out.put(jobs[i], ids[i]);
    }
    return Collections.unmodifiableMap(out);
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
