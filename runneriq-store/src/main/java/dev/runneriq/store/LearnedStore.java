package dev.runneriq.store;

import dev.runneriq.formats.Printable;
import dev.runneriq.optimizer.LearnedState;
import dev.runneriq.optimizer.LearnedState.JobState;
import dev.runneriq.optimizer.LearnedState.RunnerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;

/**
 * What the optimizer's {@code Learner} knows, kept in the audit log's database so a restarted
 * service goes on from it: one row a runner ({@code learned_runners}) and one a job ({@code
 * learned_jobs}), see {@code V3__learned.sql}. Blocking; the service saves from a thread of its
 * own.
 */
public final class LearnedStore {
  private final AuditStore store;
  private final Clock clock;

  LearnedStore(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Writes every runner and job of {@code state} in one transaction, replacing the rows of the same
   * runner or job; rows of runners and jobs {@code state} does not hold are left as they are.
   *
   * @throws StoreException when the database did not take it: then nothing of it was written
   */
  public void save(LearnedState state) {
    long now = clock.millis();
    store.use(
        h -> {
          h.useTransaction(
              tx -> {
                var runners =
                    tx.prepareBatch(
                        "INSERT INTO learned_runners (runner_id, runs, faults, log_ratio_sum,"
                            + " ratio_runs, as_of_ms, updated_at_ms) VALUES (:id, :runs, :faults,"
                            + " :logRatioSum, :ratioRuns, :asOf, :now) ON CONFLICT (runner_id) DO"
                            + " UPDATE SET runs = excluded.runs, faults = excluded.faults,"
                            + " log_ratio_sum = excluded.log_ratio_sum, ratio_runs ="
                            + " excluded.ratio_runs, as_of_ms = excluded.as_of_ms, updated_at_ms ="
                            + " excluded.updated_at_ms");
                for (var r : state.runners()) {
                  runners
                      .bind("id", r.runnerId())
                      .bind("runs", r.runs())
                      .bind("faults", r.faults())
                      .bind("logRatioSum", r.logRatioSum())
                      .bind("ratioRuns", r.ratioRuns())
                      .bind("asOf", r.asOf().toEpochMilli())
                      .bind("now", now)
                      .add();
                }
                if (runners.size() > 0) {
                  runners.execute();
                }
                var jobs =
                    tx.prepareBatch(
                        "INSERT INTO learned_jobs (project, job, runs, failures, as_of_ms,"
                            + " samples, updated_at_ms) VALUES (:project, :job, :runs, :failures,"
                            + " :asOf, :samples, :now) ON CONFLICT (project, job) DO UPDATE SET"
                            + " runs = excluded.runs, failures = excluded.failures, as_of_ms ="
                            + " excluded.as_of_ms, samples = excluded.samples, updated_at_ms ="
                            + " excluded.updated_at_ms");
                for (var j : state.jobs()) {
                  jobs.bind("project", j.project())
                      .bind("job", j.job())
                      .bind("runs", j.runs())
                      .bind("failures", j.failures())
                      .bind("asOf", j.asOf().toEpochMilli())
                      .bind("samples", LearnedSamples.write(j.samples()))
                      .bind("now", now)
                      .add();
                }
                if (jobs.size() > 0) {
                  jobs.execute();
                }
              });
          return state.runners().size() + state.jobs().size();
        });
  }

  /** A job's row as read, its samples still text. */
  private record JobRow(
      String project, String job, double runs, double failures, long asOfMs, String samples) {}

  /**
   * Everything stored: runners by id, jobs least recently learned from first (by {@code as_of}), so
   * a learner that restores them forgets the same jobs first when it must.
   *
   * @throws StoreException when the database fails, or a row's {@code samples} is not in the
   *     column's format (the message names the table, the row and the value)
   */
  public LearnedState load() {
    var runners =
        store.use(
            h ->
                h.createQuery(
                        "SELECT runner_id, runs, faults, log_ratio_sum, ratio_runs, as_of_ms FROM"
                            + " learned_runners ORDER BY runner_id")
                    .map(
                        (rs, ctx) ->
                            new RunnerState(
                                rs.getLong("runner_id"),
                                rs.getDouble("runs"),
                                rs.getDouble("faults"),
                                rs.getDouble("log_ratio_sum"),
                                rs.getDouble("ratio_runs"),
                                Instant.ofEpochMilli(rs.getLong("as_of_ms"))))
                    .list());
    var rows =
        store.use(
            h ->
                h.createQuery(
                        "SELECT project, job, runs, failures, as_of_ms, samples FROM learned_jobs"
                            + " ORDER BY as_of_ms, project, job")
                    .map(
                        (rs, ctx) ->
                            new JobRow(
                                rs.getString("project"),
                                rs.getString("job"),
                                rs.getDouble("runs"),
                                rs.getDouble("failures"),
                                rs.getLong("as_of_ms"),
                                rs.getString("samples")))
                    .list());
    var jobs = new ArrayList<JobState>(rows.size());
    for (var row : rows) {
      jobs.add(job(row));
    }
    return new LearnedState(runners, jobs);
  }

  private JobState job(JobRow row) {
    try {
      return new JobState(
          row.project(),
          row.job(),
          row.runs(),
          row.failures(),
          Instant.ofEpochMilli(row.asOfMs()),
          LearnedSamples.read(row.samples()));
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "learned_jobs row (project "
              + Printable.clip(row.project())
              + ", job "
              + Printable.clip(row.job())
              + ") in "
              + store.config().safeUrl()
              + " has samples \""
              + Printable.clip(row.samples())
              + "\": "
              + e.getMessage(),
          e);
    }
  }
}
