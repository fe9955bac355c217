package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.store.ClusterStore.InboxHook;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What replicas share, on a SQLite file and on a real PostgreSQL server: the webhook inbox (a
 * delivery kept once whichever replica took it, applied in commit order), the leader's terms with a
 * deposed leader's publish refused, and who is alive. Each test opens a fresh database; two {@link
 * AuditStore}s on it stand for two replicas.
 */
class ClusterStoreTest {
  static @TempDir Path dir;
  static EmbeddedPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  static Stream<Named<Supplier<StoreConfig>>> databases() {
    return LearnedStoreTest.databases(pg, dir, "cluster");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aDeliveryIsKeptOnceWhicheverReplicaTookItAndAppliedInCommitOrder(Supplier<StoreConfig> db) {
    var config = db.get();
    var a = AuditStore.open(config).cluster();
    var b = AuditStore.open(config).cluster();

    assertThat(a.enqueue("uuid:1:abc", "build", "{\"n\":1}", "replica-a")).isTrue();
    assertThat(b.enqueue("uuid:1:abc", "build", "{\"n\":1}", "replica-b"))
        .as("GitLab's retry at the other replica")
        .isFalse();
    assertThat(b.enqueue(null, "pipeline", "{\"n\":2}", "replica-b")).isTrue();
    assertThat(a.enqueue(null, "pipeline", "{\"n\":2}", "replica-a"))
        .as("without a key nothing tells two deliveries apart: both kept")
        .isTrue();
    assertThat(a.enqueue("key:k-3", "build", "{\"n\":3,\"name\":\"déploiement\"}", "replica-a"))
        .isTrue();

    var waiting = b.unhandled(10);
    assertThat(waiting)
        .extracting(InboxHook::body)
        .containsExactly(
            "{\"n\":1}", "{\"n\":2}", "{\"n\":2}", "{\"n\":3,\"name\":\"déploiement\"}");
    assertThat(waiting).extracting(InboxHook::receivedBy).startsWith("replica-a", "replica-b");
    assertThat(b.backlog()).isEqualTo(4);

    b.handled(waiting.subList(0, 2).stream().map(InboxHook::id).toList());
    assertThat(a.unhandled(10)).extracting(InboxHook::id).isEqualTo(ids(waiting.subList(2, 4)));
    assertThat(a.unhandled(1)).hasSize(1);
    assertThat(a.prune(Instant.now().plusSeconds(1))).as("only handled rows go").isEqualTo(2);
    assertThat(a.backlog()).isEqualTo(2);
    assertThat(a.enqueue("uuid:1:abc", "build", "{\"n\":1}", "replica-a"))
        .as("a key pruned away may come in again")
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void deliveriesFromManyThreadsAreAllKeptExactlyOnce(Supplier<StoreConfig> db) throws Exception {
    var config = db.get();
    var stores = List.of(AuditStore.open(config).cluster(), AuditStore.open(config).cluster());
    assertKeptOnce(stores.get(0)::enqueue, stores.get(1)::enqueue);
    assertThat(stores.get(0).unhandled(1_000)).hasSize(100);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void groupsCommittedByTwoWritersKeepEachDeliveryOnceAndEveryKeylessOne(Supplier<StoreConfig> db)
      throws Exception {
    var config = db.get();
    var cluster = AuditStore.open(config).cluster();
    try (var a = cluster.inboxWriter();
        var b = AuditStore.open(config).cluster().inboxWriter()) {
      assertKeptOnce(a::enqueue, b::enqueue);
      assertThat(a.enqueue(null, "pipeline", "{}", "r0")).isTrue();
      assertThat(b.enqueue(null, "pipeline", "{}", "r1"))
          .as("without a key nothing tells two deliveries apart: both kept")
          .isTrue();
    }
    var kept = cluster.unhandled(1_000);
    assertThat(kept).hasSize(102);
    assertThat(kept.subList(0, 100)).extracting(InboxHook::body).doesNotHaveDuplicates();
    assertThat(cluster.enqueue("key:7", "build", "{}", "r0"))
        .as("a delivery the writer kept, sent again one at a time")
        .isFalse();
  }

  @Test
  void aWriterThatCannotReachItsDatabaseKeepsNothingAndSaysSo() {
    var nowhere = new StoreConfig("jdbc:postgresql://127.0.0.1:1/none", "postgres", "postgres");
    try (var w = new InboxWriter(nowhere, Clock.systemUTC())) {
      assertThatThrownBy(() -> w.enqueue("key:1", "build", "{}", "r0"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("failed to keep the delivery");
    }
  }

  /** How a replica commits a delivery: {@link ClusterStore#enqueue} or {@link InboxWriter}'s. */
  @FunctionalInterface
  interface Enqueue {
    boolean enqueue(String key, String kind, String body, String receivedBy);
  }

  /** 100 deliveries, each sent twice to both replicas at once from 6 threads: each kept once. */
  static void assertKeptOnce(Enqueue first, Enqueue second) throws Exception {
    var replicas = List.of(first, second);
    var kept = ConcurrentHashMap.<Integer>newKeySet();
    try (var pool = Executors.newFixedThreadPool(6)) {
      var tasks =
          IntStream.range(0, 400)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            int n = i % 100;
                            if (replicas
                                .get(i % 2)
                                .enqueue("key:" + n, "build", "{\"n\":" + n + "}", "r" + i % 2)) {
                              if (!kept.add(n)) {
                                throw new AssertionError("delivery " + n + " kept twice");
                              }
                            }
                            return null;
                          }))
              .toList();
      for (var t : tasks) {
        t.get();
      }
    }
    assertThat(kept).hasSize(100);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eachElectionIsANewTermAndADeposedLeaderPublishesNothing(Supplier<StoreConfig> db) {
    var config = db.get();
    var a = AuditStore.open(config).cluster();
    var b = AuditStore.open(config).cluster();
    assertThat(b.published()).isEmpty();

    long first = a.elect("replica-a");
    var none = b.published().orElseThrow();
    assertThat(none.publishedAt()).as("nothing published yet").isNull();
    assertThat(none.stateBytes()).isZero();
    assertThat(b.state(none)).isEmpty();
    assertThat(a.publish(first, bytes("cycle 1"))).isTrue();
    var seen = b.published().orElseThrow();
    assertThat(seen.leader()).isEqualTo("replica-a");
    assertThat(seen.term()).isEqualTo(first);
    assertThat(seen.publishedAt()).isNotNull();
    assertThat(seen.stateBytes()).isEqualTo(bytes("cycle 1").length);
    assertThat(b.state(seen)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("cycle 1")));

    long second = b.elect("replica-b");
    assertThat(second).isEqualTo(first + 1);
    var fresh = b.published().orElseThrow();
    assertThat(fresh.publishedAt()).as("a new term starts without the old leader's state").isNull();
    assertThat(b.state(seen)).as("the state seen before the election is gone").isEmpty();
    assertThat(a.publish(first, bytes("cycle 2")))
        .as("the deposed leader's late publish")
        .isFalse();
    assertThat(b.publish(second, bytes("cycle 7"))).isTrue();
    var now = a.published().orElseThrow();
    assertThat(a.state(now)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("cycle 7")));
    assertThat(now.leader()).isEqualTo("replica-b");
  }

  /** A state as bytes: the store keeps whatever the leader encoded, byte for byte. */
  private static byte[] bytes(String text) {
    var out = new byte[text.length() + 2];
    out[0] = (byte) 0x1f;
    out[1] = (byte) 0x8b; // not text: a gzip header's first bytes
    System.arraycopy(
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, out, 2, text.length());
    return out;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void membersSayWhatTheyAreAndLeave(Supplier<StoreConfig> db) {
    var config = db.get();
    var a = AuditStore.open(config).cluster();
    var started = Instant.parse("2026-12-01T10:00:00Z");
    a.heartbeat("replica-b", "follower", started);
    a.heartbeat("replica-a", "follower", started);
    a.heartbeat("replica-a", "leader", started);
    assertThat(a.members())
        .extracting(m -> m.instance() + "=" + m.role())
        .containsExactly("replica-a=leader", "replica-b=follower");
    a.leave("replica-b");
    assertThat(a.members()).extracting(ClusterStore.Member::instance).containsExactly("replica-a");
  }

  static List<Long> ids(List<InboxHook> hooks) {
    return hooks.stream().map(InboxHook::id).toList();
  }
}
