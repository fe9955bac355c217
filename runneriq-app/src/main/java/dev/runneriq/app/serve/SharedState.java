package dev.runneriq.app.serve;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanation;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The leader's live state in the store ({@code cluster_state}), for every replica to serve on the
 * API, dashboard, metrics and {@code /mcp}: the leader {@linkplain Publisher publishes} what its
 * control loop last saw and decided, secrets already redacted; a follower {@linkplain Reader reads}
 * it. The records' own JSON shape (a contract between replicas of one version only), gzip
 * compressed and streamed both ways: at 100,000 pending jobs the JSON is about 150 MB, never held
 * whole in memory. Public for {@code runneriq-bench}, which measures what a publish costs.
 */
public final class SharedState {
  /** How often the leader publishes at most, and how often a follower looks for a newer state. */
  static final Duration EVERY = Duration.ofSeconds(1);

  /**
   * After a publish that took T, the next waits at least this many times T: publishing a large
   * state takes at most a fifth of a core.
   */
  static final int PACE = 4;

  private static final ObjectMapper MAPPER =
      Documents.JSON
          .copy()
          .registerModule(new JavaTimeModule())
          .addMixIn(Explanation.class, ExplanationAsText.class)
          .addMixIn(Decision.class, DecisionIdAsRead.class)
          .registerModule(
              new SimpleModule()
                  .addDeserializer(String.class, new SharedTexts())
                  .setDeserializerModifier(new ReadBefore.Modifier()));

  /** A decision's explanation is its words. */
  private abstract static class ExplanationAsText {
    @JsonCreator
    ExplanationAsText(@SuppressWarnings("UnusedVariable") String text) {}

    @JsonValue
    abstract String text();
  }

  /**
   * A decision's id is read as its own string, not one of the state's shared words: every cycle
   * draws 100,000 new ids, which the words would only collect.
   */
  private abstract static class DecisionIdAsRead {
    @SuppressWarnings("UnusedMethod") // read by Jackson, as Decision's
    @JsonDeserialize(using = StringDeserializer.class)
    abstract String id();
  }

  private SharedState() {}

  /** {@code s} as the leader publishes it. */
  public static byte[] write(LiveState s) {
    var bytes = new ByteArrayOutputStream(1 << 16);
    try (var gz = new Fast(bytes)) {
      MAPPER.writeValue(gz, LoopState.of(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException when {@code gz} is not a state this version can read
   */
  public static LoopState read(byte[] gz) {
    return read(gz, new ReadBefore());
  }

  /**
   * The state in {@code gz}, keeping of {@code before} (the state read last) what did not change.
   *
   * @throws IllegalArgumentException when {@code gz} is not a state this version can read
   */
  public static LoopState read(byte[] gz, LiveState before) {
    return read(gz, new ReadBefore(before));
  }

  static LoopState read(byte[] gz, ReadBefore before) {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
      return MAPPER
          .readerFor(LoopState.class)
          .withAttribute(SharedTexts.ATTRIBUTE, before.words())
          .withAttribute(ReadBefore.ATTRIBUTE, before)
          .readValue(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the leader's published state (do all replicas run the same version?): "
              + e.getMessage(),
          e);
    }
  }

  /** Gzip at the fastest level: the state is mostly repeated words, which even that shrinks. */
  private static final class Fast extends GZIPOutputStream {
    Fast(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
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
    private final LongSupplier nanos;
    private @Nullable LiveState published;
    private long notBefore;
    private boolean paced;

    /**
     * @param alsoEachTick what else the leader does every {@link #EVERY} (gate mode adopting a mode
     *     switched at another replica)
     */
    Publisher(
        ClusterStore cluster, LongSupplier term, Supplier<LiveState> state, Runnable alsoEachTick) {
      this(cluster, term, state, alsoEachTick, System::nanoTime);
    }

    /** The same with {@code nanos} as the clock publishes are paced by. */
    Publisher(
        ClusterStore cluster,
        LongSupplier term,
        Supplier<LiveState> state,
        Runnable alsoEachTick,
        LongSupplier nanos) {
      this.cluster = cluster;
      this.term = term;
      this.state = state;
      this.alsoEachTick = alsoEachTick;
      this.nanos = nanos;
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

    /**
     * Publishes the state if it changed since last time, once {@link #PACE} times the last
     * publish's time has passed since that one ended.
     */
    void publish() {
      var s = state.get();
      long started = nanos.getAsLong();
      if (s == published || s == LoopStates.EMPTY || (paced && started - notBefore < 0)) {
        return;
      }
      long t = term.getAsLong();
      if (!cluster.publish(t, write(s))) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cluster: term " + t + " is over (another replica leads); not publishing");
      }
      published = s;
      paced = true;
      notBefore = started + (PACE + 1) * (nanos.getAsLong() - started);
    }

    @Override
    public void close() {
      worker.close();
    }
  }

  /**
   * A follower's side: the leader's latest published state. Looks for a newer one at most every
   * {@link #EVERY} (reading only when and what it published), and reads it on a thread of its own
   * while the callers are served the one before; only the first call waits for a read.
   */
  static final class Reader implements Supplier<LiveState> {
    private final ClusterStore cluster;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile @Nullable LiveState cached;
    private volatile ClusterStore.@Nullable Published seen;
    private volatile long lookedAt;
    private volatile @Nullable LiveState lastPublished;
    private volatile ReadBefore lastRead = new ReadBefore();

    Reader(ClusterStore cluster) {
      this.cluster = cluster;
    }

    @Override
    public LiveState get() {
      var c = cached;
      if (c == null) {
        synchronized (this) {
          if (cached == null) {
            refresh();
          }
        }
        return Objects.requireNonNull(cached);
      }
      if (System.nanoTime() - lookedAt >= EVERY.toNanos() && reading.compareAndSet(false, true)) {
        Thread.ofVirtual()
            .name("runneriq-state-reader")
            .start(
                () -> {
                  try {
                    refresh();
                  } finally {
                    reading.set(false);
                  }
                });
      }
      return c;
    }

    /**
     * The last state a leader published that this replica read, or null: what it shows when it
     * takes over, until it has read GitLab itself.
     */
    @Nullable LiveState lastPublished() {
      return lastPublished;
    }

    /** Looks at what was published, and reads it when it is not what was read last. */
    private void refresh() {
      var c = cached;
      LiveState s;
      try {
        var p = cluster.published().orElse(null);
        var before = seen;
        if (c != null && p != null && before != null && sameState(p, before)) {
          lookedAt = System.nanoTime();
          return;
        }
        var gz = p == null ? null : cluster.state(p).orElse(null);
        var last = lastPublished;
        var readBefore = last == null ? new ReadBefore() : new ReadBefore(last, lastRead);
        s =
            p == null
                ? waiting("no replica leads yet")
                : gz == null
                    ? waiting(
                        "the leader ("
                            + p.leader()
                            + ", term "
                            + p.term()
                            + ") has not"
                            + " published its first cycle yet")
                    : read(gz, readBefore);
        seen = gz == null ? null : p;
        if (gz != null) {
          lastPublished = s;
          lastRead = readBefore.wordsOnly();
        }
      } catch (StoreException | IllegalArgumentException e) {
        s = c == null ? waiting(String.valueOf(e.getMessage())) : stale(c, e.getMessage());
        seen = null;
      }
      cached = s;
      lookedAt = System.nanoTime();
    }

    private static boolean sameState(ClusterStore.Published a, ClusterStore.Published b) {
      return a.term() == b.term() && Objects.equals(a.publishedAt(), b.publishedAt());
    }

    private static LiveState waiting(String why) {
      return stale(LoopStates.EMPTY, why);
    }

    private static LiveState stale(LiveState s, @Nullable String why) {
      return LoopStates.stale(s, String.valueOf(why), s.gitlabReachable());
    }
  }
}
