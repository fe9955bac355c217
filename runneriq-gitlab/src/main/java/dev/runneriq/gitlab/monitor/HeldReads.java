package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.StatusPrecedence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Held jobs found between polls. No hook tells of a job moving to {@code scheduled}, but a job of a
 * later stage (or one that {@code needs} it) becomes ready when a job of its pipeline ends, and the
 * gate template then holds it: so a Job Hook that shows a job of an opted-in project ending marks
 * that project to be read again at once ({@code scope[]=scheduled}, one request), instead of at the
 * next poll. What such a read finds is held until the next poll that starts after it lists it, or a
 * hook shows it pending. Thread-safe.
 */
final class HeldReads {
  /** A held job, and when (System.nanoTime) it was read. */
  private record Found(PendingJob job, long readAt) {}

  private final Predicate<String> holds;
  private final Set<String> due = ConcurrentHashMap.newKeySet();
  private final Map<Long, Found> found = new ConcurrentHashMap<>();

  /**
   * @param holds the projects (full paths) gate mode acts in; {@link HeldJobs#NONE} in advisory
   *     mode, where nothing is read
   */
  HeldReads(Predicate<String> holds) {
    this.holds = holds;
  }

  /** A hook's news of a job: one of an opted-in project that ended makes its project due. */
  void jobEvent(JobEvent job) {
    String path = job.projectPath();
    if (holds != HeldJobs.NONE
        && path != null
        && StatusPrecedence.rank(job.status()) == StatusPrecedence.rank("success")
        && holds.test(path)) {
      due.add(path);
    }
  }

  /** Projects due for a read. */
  int backlog() {
    return due.size();
  }

  /** Takes up to {@code max} due projects. */
  List<String> take(int max) {
    var out = new ArrayList<String>();
    for (Iterator<String> it = due.iterator(); it.hasNext() && out.size() < max; ) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }

  /** A read found {@code job} held. */
  void found(PendingJob job) {
    found.putIfAbsent(job.id(), new Found(job, System.nanoTime()));
  }

  /** A poll that started at {@code startedAt} (System.nanoTime) ended: it lists what was read. */
  void polled(long startedAt) {
    found.values().removeIf(f -> f.readAt() - startedAt < 0);
  }

  /** The held jobs read since the last poll began, but those a hook shows released. */
  List<PendingJob> jobs(Predicate<Long> released) {
    found.keySet().removeIf(released);
    var out = new ArrayList<PendingJob>();
    found.values().forEach(f -> out.add(f.job()));
    return out;
  }
}
