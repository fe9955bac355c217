package dev.runneriq.optimizer;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Learner} learned, put into snapshot after snapshot as {@link Learner#apply} puts
 * it, but read again only every so often of the snapshots' clock. Between two readings each runner
 * keeps the figures of the last one (a record of it with another load too), and a runner or job
 * record of the last snapshot is handed out as the very record made for it then: a runner's learned
 * health moves a little with every second and every job it finishes, and a runner record that
 * changes in more than its load makes the engine take the whole fleet in afresh, a job record it
 * has not seen have its priority worked out again. Not thread-safe: one caller, snapshot after
 * snapshot.
 */
public final class LearnedReading {
  private final Learner learner;
  private final long everyMs;
  private long readAtMs = Long.MIN_VALUE;
  private long readAfter = -1;
  private final Map<Long, Optional<RunnerStats>> runnerFigures = new HashMap<>();
  private final KeptRecords<Runner> runners = new KeptRecords<>();
  private final KeptRecords<PendingJob> jobs = new KeptRecords<>();

  /**
   * @param every how often what was learned is read again
   */
  public LearnedReading(Learner learner, Duration every) {
    this.learner = learner;
    this.everyMs = every.toMillis();
  }

  /**
   * {@code s} with what was learned as last read: every runner seen run gets its learned stats,
   * every job without a history of its own its learned one. Read again when {@code every} has
   * passed on the snapshots' clock (or it went back), and at once when jobs were learned from after
   * a reading that came before any.
   *
   * @param learnedFrom how many jobs the learner has learned from so far
   */
  public Snapshot apply(Snapshot s, long learnedFrom) {
    long now = s.now().toEpochMilli();
    if (readAtMs == Long.MIN_VALUE
        || now - readAtMs >= everyMs
        || now < readAtMs
        || (readAfter == 0 && learnedFrom > 0)) {
      readAtMs = now;
      readAfter = learnedFrom;
      runnerFigures.clear();
      runners.clear();
      jobs.clear();
    }
    var asOf = Instant.ofEpochMilli(readAtMs);
    var rs =
        runners.apply(
            s.runners(),
            r -> {
              var stats =
                  runnerFigures.computeIfAbsent(
                      r.id(), id -> Optional.ofNullable(learner.runner(id, asOf)));
              return stats.isPresent() ? r.withStats(stats.get()) : r;
            });
    var js = jobs.apply(s.jobs(), j -> learner.withHistory(j, asOf));
    return new Snapshot(s.now(), rs, js, s.carbon(), s.forecast(), s.calibration());
  }
}
