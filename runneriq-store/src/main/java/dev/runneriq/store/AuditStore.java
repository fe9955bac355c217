package dev.runneriq.store;

import static dev.runneriq.store.Columns.instant;
import static dev.runneriq.store.Columns.millis;
import static dev.runneriq.store.Columns.nullableLong;

import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The audit log's database: migrations on open, batched idempotent writes, queries. Blocking; the
 * decision path never calls it directly but through {@link AsyncAuditLog}. How it reaches the
 * database is {@link Database}'s; {@link #close} closes the connections it keeps.
 */
public final class AuditStore implements AutoCloseable {
  private final StoreConfig config;
  private final Database database;

  private AuditStore(StoreConfig config) {
    this.config = config;
    this.database = new Database(config);
  }

  /** Opens the store and brings its schema up to date. */
  public static AuditStore open(StoreConfig config) {
    var store = new AuditStore(config);
    if (config.isSqlite()) {
      store.use(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()); // sets WAL mode
    }
    Migrations.apply(config);
    return store;
  }

  public StoreConfig config() {
    return config;
  }

  /** The log of what RunnerIQ writes to GitLab, in this store's database. */
  public ActionLog actions() {
    return new ActionLog(this);
  }

  /** What replicas of the service share, in this store's database. */
  public ClusterStore cluster() {
    return new ClusterStore(this, Clock.systemUTC());
  }

  /** What the optimizer learned, in this store's database. */
  public LearnedStore learned() {
    return new LearnedStore(this, Clock.systemUTC());
  }

  /** Closes the connections the store keeps; a statement after this fails. */
  @Override
  public void close() {
    database.close();
  }

  /** Writes decisions in one transaction; a decision already stored (same id) is kept as is. */
  public void write(List<Decision> decisions) {
    if (decisions.isEmpty()) {
      return;
    }
    use(
        h -> {
          h.useTransaction(
              tx -> {
                var batch =
                    tx.prepareBatch(
                        "INSERT INTO decisions (id, at_ms, mode, job_id, pipeline_id, project,"
                            + " job_name, ref, tier, score, action, runner_id, decided_by,"
                            + " needs_review, body) VALUES (:id, :at, :mode, :job, :pipeline,"
                            + " :project, :name, :ref, :tier, :score, :action, :runner, :by,"
                            + " :review, :body) ON CONFLICT (id) DO NOTHING");
                for (var d : decisions) {
                  batch
                      .bind("id", d.id())
                      .bind("at", d.at().toEpochMilli())
                      .bind("mode", d.mode())
                      .bind("job", d.jobId())
                      .bind("pipeline", d.job().pipelineId())
                      .bind("project", d.job().project())
                      .bind("name", d.job().name())
                      .bind("ref", d.job().ref())
                      .bind("tier", d.priority().tier().name())
                      .bind("score", d.priority().score())
                      .bind("action", d.action().wire())
                      .bind("runner", d.runnerId())
                      .bind("by", d.decidedBy().wire())
                      .bind("review", d.decidedBy() == DecidedBy.LLM)
                      .bind("body", json(d))
                      .add();
                }
                batch.execute();
              });
          return decisions.size();
        });
  }

  private static String json(Decision d) {
    try {
      return Documents.JSON.writeValueAsString(DecisionFormat.write(d));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize decision " + d.id(), e);
    }
  }

  /**
   * Removes the decisions made before {@code before}, and the outcomes recorded before it that no
   * remaining decision joins, in one transaction.
   *
   * @return how many decisions were removed
   */
  public int prune(Instant before) {
    long ms = before.toEpochMilli();
    return use(
        h ->
            h.inTransaction(
                tx -> {
                  int removed =
                      tx.createUpdate("DELETE FROM decisions WHERE at_ms < :before")
                          .bind("before", ms)
                          .execute();
                  tx.createUpdate(
                          "DELETE FROM outcomes WHERE recorded_at_ms < :before AND job_id NOT IN"
                              + " (SELECT job_id FROM decisions)")
                      .bind("before", ms)
                      .execute();
                  return removed;
                }));
  }

  /** What GitLab showed of a job, and when RunnerIQ saw it. */
  public record SeenOutcome(JobOutcome outcome, Instant seen) {}

  /** Records (or updates) what GitLab showed about a job. */
  public void recordOutcome(JobOutcome o, Instant now) {
    recordOutcomes(List.of(new SeenOutcome(o, now)));
  }

  /**
   * Records (or updates) outcomes in one transaction, in order: a later sighting of the same job
   * updates its status, and a time or runner once known is kept.
   */
  public void recordOutcomes(List<SeenOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    use(
        h -> {
          h.useTransaction(
              tx -> {
                var batch =
                    tx.prepareBatch(
                        "INSERT INTO outcomes (job_id, runner_id, status, pending_at_ms,"
                            + " started_at_ms, finished_at_ms, recorded_at_ms) VALUES (:job,"
                            + " :runner, :status, :pending, :started, :finished, :now) ON CONFLICT"
                            + " (job_id) DO UPDATE SET runner_id = COALESCE(excluded.runner_id,"
                            + " outcomes.runner_id), status = excluded.status, pending_at_ms ="
                            + " COALESCE(excluded.pending_at_ms, outcomes.pending_at_ms),"
                            + " started_at_ms = COALESCE(excluded.started_at_ms,"
                            + " outcomes.started_at_ms), finished_at_ms ="
                            + " COALESCE(excluded.finished_at_ms, outcomes.finished_at_ms),"
                            + " recorded_at_ms = excluded.recorded_at_ms");
                for (var seen : outcomes) {
                  var o = seen.outcome();
                  batch
                      .bind("job", o.jobId())
                      .bind("runner", o.runnerId())
                      .bind("status", o.status())
                      .bind("pending", millis(o.pendingAt()))
                      .bind("started", millis(o.startedAt()))
                      .bind("finished", millis(o.finishedAt()))
                      .bind("now", seen.seen().toEpochMilli())
                      .add();
                }
                batch.execute();
              });
          return outcomes.size();
        });
  }

  /** Decisions with their job's outcome, when GitLab has shown one. */
  private static final String JOINED =
      "SELECT d.*, o.runner_id AS o_runner, o.status AS o_status, o.pending_at_ms AS o_pending,"
          + " o.started_at_ms AS o_started, o.finished_at_ms AS o_finished FROM decisions d LEFT"
          + " JOIN outcomes o ON o.job_id = d.job_id";

  public List<StoredDecision> query(DecisionQuery q) {
    var where =
        new Where()
            .and("d.job_id = :job", "job", q.jobId())
            .and("d.pipeline_id = :pipeline", "pipeline", q.pipelineId())
            .and("d.project = :project", "project", q.project())
            .and("d.tier = :tier", "tier", q.tier())
            .and("d.decided_by = :by", "by", q.decidedBy())
            .and("d.at_ms >= :from", "from", millis(q.from()))
            .and("d.at_ms < :to", "to", millis(q.to()));
    return use(
        h ->
            where.page(
                h, JOINED, "d.at_ms DESC, d.id DESC", q.limit(), q.offset(), (rs, ctx) -> row(rs)));
  }

  public Optional<StoredDecision> byId(String id) {
    return use(
        h ->
            h.createQuery(JOINED + " WHERE d.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  /** Each job's latest decision made since {@code :since} (SQLite 3.25+ and PostgreSQL). */
  private static final String LATEST =
      "WITH latest AS (SELECT id, job_id, tier, ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY"
          + " at_ms DESC, id DESC) AS pick FROM decisions WHERE at_ms >= :since)";

  /**
   * The decisions made since {@code since}, summed by the database (see {@link WindowStats}): as
   * many as there are, with no row limit; only the finished runs come back one a job, three numbers
   * each.
   */
  public WindowStats window(Instant since) {
    long ms = since.toEpochMilli();
    return use(
        h -> {
          var decidedBy = new TreeMap<String, Long>();
          h.createQuery(
                  "SELECT decided_by, COUNT(*) AS n FROM decisions WHERE at_ms >= :since GROUP BY"
                      + " decided_by")
              .bind("since", ms)
              .map((rs, ctx) -> Map.entry(rs.getString("decided_by"), rs.getLong("n")))
              .forEach(e -> decidedBy.put(e.getKey(), e.getValue()));
          var waits = new TreeMap<String, WindowStats.Waits>();
          h.createQuery(
                  LATEST
                      + ", waited AS (SELECT l.tier, CASE WHEN o.started_at_ms / 1000 <"
                      + " o.pending_at_ms / 1000 THEN 0 ELSE o.started_at_ms / 1000 -"
                      + " o.pending_at_ms / 1000 END AS s FROM latest l JOIN outcomes o ON o.job_id"
                      + " = l.job_id WHERE l.pick = 1 AND o.pending_at_ms IS NOT NULL AND"
                      + " o.started_at_ms IS NOT NULL), ranked AS (SELECT tier, s, ROW_NUMBER()"
                      + " OVER (PARTITION BY tier ORDER BY s) AS r, COUNT(*) OVER (PARTITION BY"
                      + " tier) AS n FROM waited) SELECT tier, MAX(n) AS jobs, MAX(CASE WHEN r = (n"
                      + " + 1) / 2 THEN s END) AS p50, MAX(CASE WHEN r = (95 * n + 99) / 100 THEN"
                      + " s END) AS p95, MAX(s) AS max_s FROM ranked GROUP BY tier")
              .bind("since", ms)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getString("tier"),
                          new WindowStats.Waits(
                              rs.getLong("jobs"),
                              rs.getLong("p50"),
                              rs.getLong("p95"),
                              rs.getLong("max_s"))))
              .forEach(e -> waits.put(e.getKey(), e.getValue()));
          var finished =
              h.createQuery(
                      LATEST
                          + " SELECT o.runner_id, o.started_at_ms, o.finished_at_ms FROM latest l"
                          + " JOIN outcomes o ON o.job_id = l.job_id WHERE l.pick = 1 AND"
                          + " o.runner_id IS NOT NULL AND o.started_at_ms IS NOT NULL AND"
                          + " o.finished_at_ms IS NOT NULL")
                  .bind("since", ms)
                  .map(
                      (rs, ctx) ->
                          new WindowStats.Run(
                              rs.getLong("runner_id"),
                              Instant.ofEpochMilli(rs.getLong("started_at_ms")),
                              Instant.ofEpochMilli(rs.getLong("finished_at_ms"))))
                  .list();
          return new WindowStats(decidedBy, waits, finished);
        });
  }

  /**
   * Each job's latest decision made since {@code since}, with its outcome when GitLab showed one,
   * oldest first: every job of the window, with no row limit (for reports over days).
   */
  public List<StoredDecision> latestPerJob(Instant since) {
    return use(
        h ->
            h.createQuery(
                    LATEST
                        + " "
                        + JOINED
                        + " WHERE d.id IN (SELECT id FROM latest WHERE pick = 1) ORDER BY d.at_ms,"
                        + " d.id")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> row(rs))
                .list());
  }

  /** Rows in the decisions table. */
  public long count() {
    return use(h -> h.createQuery("SELECT COUNT(*) FROM decisions").mapTo(Long.class).one());
  }

  /** Whether the database answers a trivial query now. */
  public boolean ping() {
    try {
      return use(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (StoreException e) {
      return false;
    }
  }

  private static StoredDecision row(ResultSet rs) throws SQLException {
    JobOutcome outcome = null;
    String status = rs.getString("o_status");
    if (status != null) {
      outcome =
          new JobOutcome(
              rs.getLong("job_id"),
              nullableLong(rs, "o_runner"),
              status,
              instant(rs, "o_pending"),
              instant(rs, "o_started"),
              instant(rs, "o_finished"));
    }
    return new StoredDecision(
        rs.getString("id"),
        Instant.ofEpochMilli(rs.getLong("at_ms")),
        rs.getLong("job_id"),
        rs.getLong("pipeline_id"),
        rs.getString("project"),
        rs.getString("job_name"),
        rs.getString("tier"),
        rs.getInt("score"),
        rs.getString("action"),
        nullableLong(rs, "runner_id"),
        rs.getString("decided_by"),
        rs.getBoolean("needs_review"),
        rs.getString("body"),
        outcome);
  }

  /** Runs {@code f} on a handle of its own; a failure names the database, never its password. */
  <T> T use(Database.HandleFunction<T> f) {
    return database.use(f);
  }
}
