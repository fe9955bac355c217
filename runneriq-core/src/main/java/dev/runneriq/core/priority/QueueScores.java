package dev.runneriq.core.priority;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.PendingJob;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The priorities of a queue, cycle after cycle. A job the last cycle scored (the same record) under
 * an equal calibration keeps its priority of then while its waiting-time line says the same, the
 * one line that moves with the clock; any other job is scored afresh. Exact: every priority is the
 * one {@link Analyzer#score} gives at that moment. Between two polls of GitLab the queue holds the
 * same records, so most of a long queue is not scored again.
 *
 * <p>Jobs are matched by place: the queue's order mostly stays, jobs leave it and join it at the
 * end; a job not found near its expected place is looked up by id. Not thread-safe: one per cycle
 * at a time.
 */
public final class QueueScores {
  /** Places looked at past the expected one before looking a job up by id. */
  private static final int NEAR = 16;

  /** Jobs in a row not found by id before no more are looked up: a queue of new records. */
  private static final int MISSES = 64;

  private final Analyzer analyzer;
  private final WaitingLines lines;
  private List<PendingJob> jobs = List.of();
  private Priority[] priorities = new Priority[0];
  private int[] before = new int[0];
  private long[] said = new long[0];
  private Calibration calibration = Calibration.NONE;
  private @Nullable Map<Long, Integer> byId;
  private int misses;
  private int[] lastPlaces = new int[0];

  public QueueScores(Analyzer analyzer) {
    this.analyzer = analyzer;
    this.lines = analyzer.waitingLines();
  }

  /** The priority of each of {@code queue}'s jobs at {@code now}, in the queue's order. */
  public Priority[] score(List<PendingJob> queue, Instant now, Calibration cal) {
    int n = queue.size();
    var outPriorities = new Priority[n];
    var outBefore = new int[n];
    var outLines = new long[n];
    var places = new int[n];
    boolean known = cal.equals(calibration);
    int expected = 0;
    for (int i = 0; i < n; i++) {
      var job = queue.get(i);
      long millis = Analyzer.pendingMillis(job, now);
      int at = find(job, expected);
      places[i] = at;
      if (at >= 0) {
        expected = at + 1;
      }
      if (at >= 0 && known) {
        long line = lines.line(millis, before[at]);
        if (line == said[at] && line != WaitingLines.UNKEYED) {
          outPriorities[i] = priorities[at];
          outBefore[i] = before[at];
          outLines[i] = line;
          continue;
        }
      }
      var scored = analyzer.scored(job, millis, cal);
      outPriorities[i] = scored.priority();
      outBefore[i] = scored.before();
      outLines[i] = lines.line(millis, outBefore[i]);
    }
    jobs = queue;
    priorities = outPriorities;
    before = outBefore;
    said = outLines;
    calibration = cal;
    byId = null;
    misses = 0;
    lastPlaces = places;
    return outPriorities.clone();
  }

  /**
   * For each job of the queue last scored, its place in the queue scored before, or -1 for a job
   * that was not in it (or was another record): for the engine to carry what else it knows of a job
   * from one cycle to the next.
   */
  public int[] lastPlaces() {
    return lastPlaces.clone();
  }

  /**
   * Where the last cycle had {@code job}, looked for from {@code expected} on; -1 if nowhere. Past
   * the last cycle's end a job is taken for new (jobs join the queue there), and after {@value
   * #MISSES} misses in a row so are all others (a poll that read every job again).
   */
  // matched by identity: an equal copy of a job is scored again, which costs what comparing would
  @SuppressWarnings("ReferenceEquality")
  private int find(PendingJob job, int expected) {
    int n = jobs.size();
    for (int k = expected; k < n && k < expected + NEAR; k++) {
      if (jobs.get(k) == job) {
        return k;
      }
    }
    if (expected >= n || misses >= MISSES) {
      return -1;
    }
    var index = byId;
    if (index == null) {
      index = new HashMap<>(n * 2);
      for (int k = 0; k < n; k++) {
        index.putIfAbsent(jobs.get(k).id(), k);
      }
      byId = index;
    }
    Integer k = index.get(job.id());
    if (k != null && jobs.get(k) == job) {
      misses = 0;
      return k;
    }
    misses++;
    return -1;
  }
}
