package dev.runneriq.app.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The leader's live state in the store ({@code cluster_state}), for every replica to serve on the
 * API, dashboard, metrics and {@code /mcp}: the leader {@linkplain Publisher publishes} what its
 * control loop last saw and decided, secrets already redacted; a follower {@linkplain Reader reads}
 * it. The JSON is the records' own shape, a contract between replicas of one version only.
 */
final class SharedState {
  /** How often the leader publishes, and how long a follower serves what it read. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private static final ObjectMapper MAPPER =
      Documents.JSON.copy().registerModule(new JavaTimeModule());

  private SharedState() {}

  static String write(LiveState s) {
    try {
      return MAPPER.writeValueAsString(LoopState.of(s));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not a state this version can read
   */
  static LoopState read(String json) {
    try {
      return MAPPER.readValue(json, LoopState.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the leader's published state (do all replicas run the same version?): "
              + e.getMessage(),
          e);
    }
  }

  /** The leader's side: publishes its latest state every {@link #EVERY} when it changed. */
  static final class Publisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());

    private final ClusterStore cluster;
    private final LongSupplier term;
    private final Supplier<LiveState> state;
    private final Runnable alsoEachTick;
    private final Periodic worker;
    private @Nullable LiveState published;

    /**
     * @param alsoEachTick what else the leader does every {@link #EVERY} (gate mode adopting a mode
     *     switched at another replica)
     */
    Publisher(
        ClusterStore cluster, LongSupplier term, Supplier<LiveState> state, Runnable alsoEachTick) {
      this.cluster = cluster;
      this.term = term;
      this.state = state;
      this.alsoEachTick = alsoEachTick;
      this.worker = new Periodic("runneriq-state-publisher", EVERY, this::tick);
    }

    Publisher start() {
      worker.start();
      return this;
    }

    private boolean tick() {
      try {
        publish();
        alsoEachTick.run();
      } catch (StoreException | UncheckedIOException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cluster: cannot publish the live state; trying again: " + e.getMessage());
      }
      return false;
    }

    /** Publishes the state if it changed since last time. */
    void publish() {
      var s = state.get();
      if (s == published || s == LoopStates.EMPTY) {
        return;
      }
      long t = term.getAsLong();
      if (!cluster.publish(t, write(s))) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cluster: term " + t + " is over (another replica leads); not publishing");
      }
      published = s;
    }

    @Override
    public void close() {
      worker.close();
    }
  }

  /** A follower's side: the leader's latest published state, read at most every {@link #EVERY}. */
  static final class Reader implements Supplier<LiveState> {
    private final ClusterStore cluster;
    private @Nullable LiveState cached;
    private Instant readAt = Instant.EPOCH;

    Reader(ClusterStore cluster) {
      this.cluster = cluster;
    }

    @Override
    public synchronized LiveState get() {
      var now = Instant.now();
      var c = cached;
      if (c != null && now.isBefore(readAt.plus(EVERY))) {
        return c;
      }
      LiveState s;
      try {
        var p = cluster.published().orElse(null);
        String json = p == null ? null : p.state();
        s =
            p == null
                ? waiting("no replica leads yet")
                : json == null
                    ? waiting(
                        "the leader ("
                            + p.leader()
                            + ", term "
                            + p.term()
                            + ") has not"
                            + " published its first cycle yet")
                    : read(json);
      } catch (StoreException | IllegalArgumentException e) {
        s = c == null ? waiting(String.valueOf(e.getMessage())) : stale(c, e.getMessage());
      }
      cached = s;
      readAt = now;
      return s;
    }

    private static LiveState waiting(String why) {
      return stale(LoopStates.EMPTY, why);
    }

    private static LiveState stale(LiveState s, @Nullable String why) {
      var l = LoopState.of(s);
      return new LoopState(
          l.snapshot(),
          l.decisions(),
          l.refreshedAt(),
          String.valueOf(why),
          l.gitlabReachable(),
          l.gitlabSkipped(),
          l.carbonProvider(),
          l.carbonProblems(),
          l.carbonHistory(),
          l.held(),
          l.insights());
    }
  }
}
