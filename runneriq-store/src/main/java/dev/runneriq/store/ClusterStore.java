package dev.runneriq.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What replicas of {@code runneriq serve} on one PostgreSQL store share (see {@code
 * V4__cluster.sql}): the webhook inbox every replica writes and the leader applies, the leader's
 * term and its published live state, and who is alive. Blocking; each call is one short
 * transaction.
 */
public final class ClusterStore {
  /** A replica not seen for this long is no longer listed. */
  public static final long MEMBER_EXPIRY_MS = 30_000;

  private final AuditStore store;
  private final Clock clock;

  ClusterStore(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A delivery waiting in the inbox for the leader. */
  public record InboxHook(long id, String kind, String body, String receivedBy, Instant at) {}

  /**
   * The current term and what its leader last published, without the state itself.
   *
   * @param stateBytes the size of the published state as stored (compressed), 0 before any
   */
  public record Published(
      String leader,
      long term,
      Instant electedAt,
      @Nullable Instant publishedAt,
      long stateBytes) {}

  /** A replica, as it last said. */
  public record Member(String instance, String role, Instant started, Instant seen) {}

  /**
   * Commits a delivery to the inbox; false when a delivery of the same key is there already (a
   * retry, at this replica or another).
   *
   * @throws StoreException when the database did not take it: the delivery is not kept
   */
  public boolean enqueue(@Nullable String key, String kind, String body, String receivedBy) {
    long now = clock.millis();
    return store.use(
            h ->
                h.createUpdate(
                        "INSERT INTO hook_inbox (delivery_key, kind, body, received_by,"
                            + " received_at_ms) VALUES (:key, :kind, :body, :by, :now) ON"
                            + " CONFLICT DO NOTHING")
                    .bind("key", key == null ? null : Texts.cut(key, 256))
                    .bind("kind", Texts.cut(kind, 32))
                    .bind("body", body)
                    .bind("by", Texts.cut(receivedBy, 256))
                    .bind("now", now)
                    .execute())
        == 1;
  }

  /**
   * A writer that commits deliveries as {@link #enqueue} does, many in one transaction on a
   * connection it keeps: for a replica that takes deliveries faster than one transaction each.
   */
  public InboxWriter inboxWriter() {
    return new InboxWriter(store.config(), clock);
  }

  /**
   * The oldest deliveries not yet handled, in the order they were committed, at most {@code max}.
   */
  public List<InboxHook> unhandled(int max) {
    return store.use(
        h ->
            h.createQuery(
                    "SELECT id, kind, body, received_by, received_at_ms FROM hook_inbox WHERE"
                        + " handled_at_ms IS NULL ORDER BY id LIMIT :max")
                .bind("max", max)
                .map(
                    (rs, ctx) ->
                        new InboxHook(
                            rs.getLong("id"),
                            rs.getString("kind"),
                            rs.getString("body"),
                            rs.getString("received_by"),
                            Instant.ofEpochMilli(rs.getLong("received_at_ms"))))
                .list());
  }

  /** Marks deliveries handled. */
  public void handled(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    long now = clock.millis();
    store.use(
        h ->
            h.createUpdate("UPDATE hook_inbox SET handled_at_ms = :now WHERE id IN (<ids>)")
                .bind("now", now)
                .bindList("ids", ids)
                .execute());
  }

  /** Deliveries not yet handled. */
  public long backlog() {
    return store.use(
        h ->
            h.createQuery("SELECT COUNT(*) FROM hook_inbox WHERE handled_at_ms IS NULL")
                .mapTo(Long.class)
                .one());
  }

  /** Removes handled deliveries received before {@code before}; how many. */
  public int prune(Instant before) {
    return store.use(
        h ->
            h.createUpdate(
                    "DELETE FROM hook_inbox WHERE handled_at_ms IS NOT NULL AND received_at_ms <"
                        + " :before")
                .bind("before", before.toEpochMilli())
                .execute());
  }

  /**
   * Records {@code instance} as the leader of a new term, one more than the last; the new term.
   * Called by the holder of the leader lease only, once each time it takes the lease.
   */
  public long elect(String instance) {
    long now = clock.millis();
    return store.use(
        h ->
            h.inTransaction(
                tx -> {
                  long term =
                      tx.createQuery("SELECT term FROM cluster_state WHERE id = 1")
                              .mapTo(Long.class)
                              .findOne()
                              .orElse(0L)
                          + 1;
                  tx.createUpdate(
                          "INSERT INTO cluster_state (id, leader, term, elected_at_ms) VALUES (1,"
                              + " :leader, :term, :now) ON CONFLICT (id) DO UPDATE SET leader ="
                              + " excluded.leader, term = excluded.term, elected_at_ms ="
                              + " excluded.elected_at_ms, published_at_ms = NULL, state_gz = NULL")
                      .bind("leader", Texts.cut(instance, 256))
                      .bind("term", term)
                      .bind("now", now)
                      .execute();
                  return term;
                }));
  }

  /**
   * Publishes the leader's live state (as the caller encoded it), unless another term has begun
   * since {@code term}: a leader that lost its lease without knowing it yet overwrites nothing.
   * Whether it was written.
   */
  public boolean publish(long term, byte[] state) {
    long now = clock.millis();
    return store.use(
            h ->
                h.createUpdate(
                        "UPDATE cluster_state SET published_at_ms = :now, state_gz = :state WHERE"
                            + " id = 1 AND term = :term")
                    .bind("now", now)
                    .bind("state", state)
                    .bind("term", term)
                    .execute())
        == 1;
  }

  /**
   * The current term and when its state was published, without reading the state; empty before any
   * leader was elected.
   */
  public Optional<Published> published() {
    return store.use(
        h ->
            h.createQuery(
                    "SELECT leader, term, elected_at_ms, published_at_ms, LENGTH(state_gz) AS"
                        + " state_bytes FROM cluster_state WHERE id = 1")
                .map(
                    (rs, ctx) -> {
                      long at = rs.getLong("published_at_ms");
                      Instant publishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(at);
                      return new Published(
                          rs.getString("leader"),
                          rs.getLong("term"),
                          Instant.ofEpochMilli(rs.getLong("elected_at_ms")),
                          publishedAt,
                          rs.getLong("state_bytes"));
                    })
                .findOne());
  }

  /**
   * The state {@code seen} says was published; empty when nothing was, or when a newer one (or
   * another term) has replaced it since.
   */
  public Optional<byte[]> state(Published seen) {
    var at = seen.publishedAt();
    if (at == null) {
      return Optional.empty();
    }
    return store.use(
        h ->
            h.createQuery(
                    "SELECT state_gz FROM cluster_state WHERE id = 1 AND term = :term AND"
                        + " published_at_ms = :at")
                .bind("term", seen.term())
                .bind("at", at.toEpochMilli())
                .map((rs, ctx) -> rs.getBytes("state_gz"))
                .findOne());
  }

  /** Says {@code instance} is alive, as {@code role}. */
  public void heartbeat(String instance, String role, Instant started) {
    long now = clock.millis();
    store.use(
        h ->
            h.createUpdate(
                    "INSERT INTO cluster_members (instance, role, started_ms, seen_ms) VALUES"
                        + " (:instance, :role, :started, :now) ON CONFLICT (instance) DO UPDATE SET"
                        + " role = excluded.role, started_ms = excluded.started_ms, seen_ms ="
                        + " excluded.seen_ms")
                .bind("instance", Texts.cut(instance, 256))
                .bind("role", role)
                .bind("started", started.toEpochMilli())
                .bind("now", now)
                .execute());
  }

  /** Removes {@code instance} from the members, as it stops. */
  public void leave(String instance) {
    store.use(
        h ->
            h.createUpdate("DELETE FROM cluster_members WHERE instance = :instance")
                .bind("instance", Texts.cut(instance, 256))
                .execute());
  }

  /** The replicas seen in the last {@link #MEMBER_EXPIRY_MS}, by name. */
  public List<Member> members() {
    long since = clock.millis() - MEMBER_EXPIRY_MS;
    return store.use(
        h ->
            h.createQuery(
                    "SELECT instance, role, started_ms, seen_ms FROM cluster_members WHERE seen_ms"
                        + " >= :since ORDER BY instance")
                .bind("since", since)
                .map(
                    (rs, ctx) ->
                        new Member(
                            rs.getString("instance"),
                            rs.getString("role"),
                            Instant.ofEpochMilli(rs.getLong("started_ms")),
                            Instant.ofEpochMilli(rs.getLong("seen_ms"))))
                .list());
  }
}
