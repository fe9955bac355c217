package dev.runneriq.store;

import static dev.runneriq.store.Columns.instant;
import static dev.runneriq.store.Columns.millis;
import static dev.runneriq.store.Columns.nullableInt;
import static dev.runneriq.store.Columns.nullableLong;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The log of every write RunnerIQ makes to GitLab, in the audit log's database: an intent is
 * committed (and, on SQLite, synced to disk) before the write is sent, then completed with GitLab's
 * answer. Blocking, and called from the acting path on purpose: a write whose intent is not durable
 * must not be sent.
 *
 * <p>A job is played, cancelled or retried at most once: {@link #alreadyActed} says whether it was
 * asked before, and the database refuses a second intent even from a second process. Dry-run rows
 * neither count as acting nor stop a later real write.
 */
public final class ActionLog {
  private final AuditStore store;

  ActionLog(AuditStore store) {
    this.store = store;
  }

  /**
   * Records the intent to send {@code action} and commits it before returning: {@code sent}, or
   * {@code dry_run} for a dry run (which is never answered).
   *
   * @return the action's id, for {@link #answered}
   * @throws AlreadyActedException when the job was already asked the same (not for a dry run)
   * @throws StoreException when the database did not take it: then the write must not be sent
   */
  public long intend(PlannedAction action) {
    try {
      return insert(Row.of(action));
    } catch (StoreException e) {
      var earlier =
          action.dryRun() ? OptionalLong.empty() : earlierIntent(action.kind(), action.jobId());
      if (earlier.isPresent()) {
        throw new AlreadyActedException(action, earlier.getAsLong());
      }
      throw e;
    }
  }

  /** One row as it is inserted: an intent, or a mode change answered at once. */
  private record Row(
      ActionKind kind,
      @Nullable Long job,
      @Nullable String project,
      @Nullable String decision,
      String reason,
      boolean dryRun,
      Instant at,
      ActionState state,
      @Nullable Instant answeredAt,
      @Nullable String modeFrom,
      @Nullable String modeTo,
      @Nullable String askedBy,
      String instance) {

    static Row of(PlannedAction a) {
      var state = a.dryRun() ? ActionState.DRY_RUN : ActionState.SENT;
      return new Row(
          a.kind(),
          a.jobId(),
          a.project(),
          a.decisionId(),
          a.reason(),
          a.dryRun(),
          a.requestedAt(),
          state,
          null,
          null,
          null,
          null,
          a.instance());
    }

    static Row of(ModeChange m) {
      return new Row(
          ActionKind.MODE,
          null,
          null,
          null,
          m.reason(),
          false,
          m.at(),
          ActionState.DONE,
          m.at(),
          m.from(),
          m.to(),
          m.askedBy(),
          m.instance());
    }
  }

  /** Inserts {@code row} in a transaction of its own, committed on return; returns its id. */
  private long insert(Row r) {
    return store.use(
        h ->
            h.inTransaction(
                tx ->
                    tx.createQuery(
                            "INSERT INTO actions (kind, job_id, project, decision_id, reason,"
                                + " dry_run, requested_at_ms, state, answered_at_ms, mode_from,"
                                + " mode_to, asked_by, instance) VALUES (:kind, :job, :project,"
                                + " :decision, :reason, :dryRun, :at, :state, :answeredAt,"
                                + " :modeFrom, :modeTo, :askedBy, :instance) RETURNING id")
                        .bind("kind", r.kind().wire())
                        .bind("job", r.job())
                        .bind("project", r.project())
                        .bind("decision", r.decision())
                        .bind("reason", Texts.cut(r.reason(), Texts.LONG))
                        .bind("dryRun", r.dryRun())
                        .bind("at", r.at().toEpochMilli())
                        .bind("state", r.state().wire())
                        .bind("answeredAt", millis(r.answeredAt()))
                        .bind("modeFrom", r.modeFrom())
                        .bind("modeTo", r.modeTo())
                        .bind("askedBy", r.askedBy())
                        .bind("instance", r.instance())
                        .mapTo(Long.class)
                        .one()));
  }

  /**
   * Records GitLab's answer to the write {@link #intend} returned {@code id} for.
   *
   * @throws IllegalStateException when there is no such action, it is a dry run, or it was answered
   *     already: an answer is recorded once
   */
  public void answered(long id, Answer answer) {
    int updated =
        store.use(
            h ->
                h.createUpdate(
                        "UPDATE actions SET state = :state, answered_at_ms = :at, http_status ="
                            + " :status, answer = :answer, new_job_id = :newJob WHERE id = :id"
                            + " AND state = 'sent'")
                    .bind("state", answer.state().wire())
                    .bind("at", answer.at().toEpochMilli())
                    .bind("status", answer.httpStatus())
                    .bind("answer", answer.message())
                    .bind("newJob", answer.newJobId())
                    .bind("id", id)
                    .execute());
    if (updated == 0) {
      throw new IllegalStateException(
          byId(id)
              .map(a -> "action " + id + " is " + a.state().wire() + ", not awaiting an answer")
              .orElse("no action " + id));
    }
  }

  /** Records a mode change (the kill switch), answered at once; returns its id. */
  public long modeChanged(ModeChange change) {
    return insert(Row.of(change));
  }

  /**
   * Whether job {@code jobId} was already asked {@code kind}: any earlier intent that was not a dry
   * run, answered or not. A process that died between sending and recording the answer left its
   * intent {@code sent}, and that counts: the write may have reached GitLab.
   */
  public boolean alreadyActed(ActionKind kind, long jobId) {
    return earlierIntent(kind, jobId).isPresent();
  }

  private OptionalLong earlierIntent(ActionKind kind, long jobId) {
    return store.use(
        h ->
            h.createQuery(
                    "SELECT id FROM actions WHERE kind = :kind AND job_id = :job AND NOT dry_run"
                        + " ORDER BY id LIMIT 1")
                .bind("kind", kind.wire())
                .bind("job", jobId)
                .mapTo(Long.class)
                .findOne()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty()));
  }

  /** The actions {@code q} selects, newest first. */
  public List<StoredAction> query(ActionQuery q) {
    var where =
        new Where()
            .and("job_id = :job", "job", q.jobId())
            .and("project = :project", "project", q.project())
            .and("kind = :kind", "kind", q.kind())
            .and("state = :state", "state", q.state())
            .and("requested_at_ms >= :from", "from", millis(q.from()))
            .and("requested_at_ms < :to", "to", millis(q.to()));
    return store.use(
        h ->
            where.page(
                h,
                "SELECT * FROM actions",
                "requested_at_ms DESC, id DESC",
                q.limit(),
                q.offset(),
                (rs, ctx) -> row(rs)));
  }

  public Optional<StoredAction> byId(long id) {
    return store.use(
        h ->
            h.createQuery("SELECT * FROM actions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  /** How many actions of a kind stand in a state. */
  public record Count(ActionKind kind, ActionState state, long count) {}

  /**
   * Actions by kind and state since {@code since} (all of them when null), for the metrics; in the
   * order the kinds and states are declared.
   */
  public List<Count> counts(@Nullable Instant since) {
    return store.use(
        h ->
            h
                .createQuery(
                    "SELECT kind, state, COUNT(*) AS n FROM actions WHERE requested_at_ms >= :since"
                        + " GROUP BY kind, state")
                .bind("since", since == null ? Long.MIN_VALUE : since.toEpochMilli())
                .map(
                    (rs, ctx) ->
                        new Count(
                            ActionKind.ofWire(rs.getString("kind")),
                            ActionState.ofWire(rs.getString("state")),
                            rs.getLong("n")))
                .list()
                .stream()
                .sorted(Comparator.comparing(Count::kind).thenComparing(Count::state))
                .toList());
  }

  private static StoredAction row(ResultSet rs) throws SQLException {
    return new StoredAction(
        rs.getLong("id"),
        ActionKind.ofWire(rs.getString("kind")),
        nullableLong(rs, "job_id"),
        rs.getString("project"),
        rs.getString("decision_id"),
        rs.getString("reason"),
        rs.getBoolean("dry_run"),
        Instant.ofEpochMilli(rs.getLong("requested_at_ms")),
        ActionState.ofWire(rs.getString("state")),
        instant(rs, "answered_at_ms"),
        nullableInt(rs, "http_status"),
        rs.getString("answer"),
        nullableLong(rs, "new_job_id"),
        rs.getString("mode_from"),
        rs.getString("mode_to"),
        rs.getString("asked_by"),
        rs.getString("instance"));
  }
}
