package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.http.Insights;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.OpenApiAnswersTest;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.optimizer.Honesty;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the leader publishes is what a follower serves: every example context, decided by the
 * engine, with held jobs, skipped projects, carbon problems and history and what the Optimizer
 * found, reads back equal to what was written.
 */
class SharedStateTest {
  static Stream<Path> examples() throws IOException {
    try (var files = Files.list(Path.of("..", "examples"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPartOfTheLiveStateReadsBackEqual(Path example) {
    var base = OpenApiAnswersTest.stateOf(ContextFormat.read(example));
    var jobs = base.snapshot().jobs();
    var state =
        new LoopState(
            base.snapshot(),
            base.decisions(),
            Instant.parse("2026-12-01T10:15:02.123456789Z"),
            "GitLab answered 500 — \"stale\"\nsince 10:15",
            false,
            List.of("project shop/legacy skipped: GitLab answered 404"),
            base.carbonProvider(),
            Map.of("PL", "Electricity Maps answered 503"),
            base.carbonHistory(),
            jobs.isEmpty() ? Set.of() : Set.of(jobs.get(0).id()),
            new Insights(
                120,
                80,
                0.9871,
                List.of(
                    new Insights.RunnerInsight(
                        9, "docker-gb-1", 96, 0.8113, 1.0, List.of("unhealthy"))),
                List.of(
                    new Honesty.Flag(
                        "mobile/search",
                        "hotfix",
                        0.8571,
                        0.0047,
                        14,
                        -15,
                        "86% of this project's pipelines run on hotfix branches",
                        false))));
    assertThat(state.decisions()).isNotEmpty();

    var back = SharedState.read(SharedState.write(state));

    assertThat(back).isEqualTo(state);
    assertThat(back.decisions()).isEqualTo(state.decisions());
    assertThat(back.snapshot()).isEqualTo(state.snapshot());
  }

  @Test
  void aFollowerHoldsEachShortTextOnceWhateverTimesItIsRead() {
    // six jobs of two projects, five names, four refs
    var state =
        OpenApiAnswersTest.stateOf(
            ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
    var back = SharedState.read(SharedState.write(state));

    var decisions = back.decisions();
    var jobs = back.snapshot().jobs();
    assertThat(decisions).hasSizeGreaterThan(1);
    // each equal project, job name and ref: one string, not one per decision or job
    assertReadOnce(decisions.stream().map(d -> d.job().project()).toList());
    assertReadOnce(decisions.stream().map(d -> d.job().name()).toList());
    assertReadOnce(jobs.stream().map(j -> j.pipeline().ref()).toList());
    // the snapshot's refs and the decisions' are the same words, read once
    var ref = jobs.get(0).pipeline().ref();
    var decided =
        decisions.stream().filter(d -> d.job().ref().equals(ref)).findFirst().orElseThrow();
    assertThat(decided.job().ref()).isSameAs(ref);
    // and a second read holds its own words, not the first's
    var again = SharedState.read(SharedState.write(state));
    assertThat(again.snapshot().jobs().get(0).pipeline().ref()).isNotSameAs(ref).isEqualTo(ref);
  }

  /** Every text of {@code texts} is the first one equal to it. */
  private static void assertReadOnce(List<String> texts) {
    assertThat(texts).hasSizeGreaterThan(new HashSet<>(texts).size()); // some repeat
    var first = new HashMap<String, String>();
    for (var t : texts) {
      assertThat(t).isSameAs(first.computeIfAbsent(t, k -> k));
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void aStateOfAnotherShapeIsRefusedWithTheReason(Path example) throws Exception {
    byte[] written = SharedState.write(OpenApiAnswersTest.stateOf(ContextFormat.read(example)));
    var tree = (ObjectNode) Documents.JSON.readTree(gunzip(written));
    ((ObjectNode) tree.get("snapshot")).put("jobs", "seven");
    byte[] otherVersion = gzip(tree.toString());
    assertThatThrownBy(() -> SharedState.read(otherVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same version");
    byte[] notCompressed = tree.toString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SharedState.read(notCompressed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same version")
        .hasMessageContaining("GZIP");
  }

  @Test
  void theStateIsStoredCompressed() throws Exception {
    var state = rush();
    byte[] written = SharedState.write(state);
    String json = gunzip(written);
    assertThat(Documents.JSON.readTree(json).has("decisions")).isTrue();
    assertThat(written.length).isLessThan(json.length() / 4);
  }

  /**
   * A publish that took 2 s is followed by none for 8 s more (five times as long in all), however
   * often the state changes; then the newest state is published.
   */
  @Test
  void aSlowPublishSpacesOutTheNext() throws Exception {
    var cluster = AuditStore.open(StoreConfig.sqlite(dir.resolve("cluster.db"))).cluster();
    long term = cluster.elect("replica-a");
    var base = rush();
    var cycle = new AtomicInteger();
    var clock = new ArrayDeque<Long>();
    var publisher =
        new SharedState.Publisher(
            cluster,
            () -> term,
            () -> at(base, cycle.get()),
            () -> {},
            () -> Objects.requireNonNull(clock.poll(), "no more clock readings"));

    cycle.set(1);
    clock.addAll(List.of(0L, 2_000_000_000L)); // started, done: it took 2 s
    publisher.publish();
    assertThat(publishedCycle(cluster)).isEqualTo(1);

    cycle.set(2);
    clock.add(9_900_000_000L);
    publisher.publish();
    assertThat(publishedCycle(cluster)).as("9.9 s after a publish of 2 s began").isEqualTo(1);
    assertThat(clock).isEmpty();

    cycle.set(3);
    clock.addAll(List.of(10_000_000_000L, 10_100_000_000L));
    publisher.publish();
    assertThat(publishedCycle(cluster)).as("10 s after").isEqualTo(3);

    cycle.set(4);
    clock.addAll(List.of(10_600_000_000L, 10_650_000_000L));
    publisher.publish();
    assertThat(publishedCycle(cluster)).as("0.5 s after a publish of 0.1 s began").isEqualTo(4);
  }

  /**
   * A follower reads a state once per publish: asked again while nothing new was published, it
   * serves the very state it read; after the leader publishes, the new one, read in the background.
   */
  @Test
  void aFollowerReadsEachPublishedStateOnce() throws Exception {
    var cluster = AuditStore.open(StoreConfig.sqlite(dir.resolve("cluster.db"))).cluster();
    long term = cluster.elect("replica-a");
    var base = rush();
    var reader = new SharedState.Reader(cluster);
    assertThat(reader.get().staleReason()).contains("has not published its first cycle yet");

    cluster.publish(term, SharedState.write(at(base, 1)));
    waitFor(() -> cycleOf(reader.get()) == 1, Duration.ofSeconds(10));
    var first = reader.get();
    Thread.sleep(2_500); // past two looks for a newer state
    reader.get();
    Thread.sleep(500);
    assertThat(reader.get())
        .as("nothing new published: the same state, not read again")
        .isSameAs(first);

    cluster.publish(term, SharedState.write(at(base, 2)));
    waitFor(() -> cycleOf(reader.get()) == 2, Duration.ofSeconds(10));
    assertThat(reader.get().decisions().get(0))
        .as("a decision that did not change: the one read before")
        .isSameAs(first.decisions().get(0));

    // a job read again with other history: a new record, its words the ones read before
    var l = at(base, 3);
    var jobs = new java.util.ArrayList<>(l.snapshot().jobs());
    jobs.set(0, jobs.get(0).withHistory(new dev.runneriq.core.model.JobHistory(7, 60, 0.5)));
    var s = l.snapshot();
    var snapshot =
        new dev.runneriq.core.model.Snapshot(
            s.now(), s.runners(), jobs, s.carbon(), s.forecast(), s.calibration());
    cluster.publish(term, SharedState.write(of(l, snapshot, l.refreshedAt())));
    waitFor(() -> cycleOf(reader.get()) == 3, Duration.ofSeconds(10));
    var job = reader.get().snapshot().jobs().get(0);
    var was = first.snapshot().jobs().get(0);
    assertThat(job).isNotSameAs(was).isNotEqualTo(was);
    assertThat(job.pipeline()).isNotSameAs(was.pipeline());
    assertThat(job.pipeline().ref()).isSameAs(was.pipeline().ref());
    assertThat(job.name()).isSameAs(was.name());
  }

  @TempDir Path dir;

  /** The deploy-rush example, decided. */
  private static LiveState rush() {
    return OpenApiAnswersTest.stateOf(
        ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
  }

  /** {@code base} as cycle {@code n} left it: refreshed {@code n} seconds after midnight. */
  private static LoopState at(LiveState base, int n) {
    var l = LoopState.of(base);
    return of(l, l.snapshot(), Instant.parse("2026-12-01T00:00:00Z").plusSeconds(n));
  }

  /** {@code l} as a cycle over {@code snapshot} refreshed at {@code refreshed} left it. */
  private static LoopState of(
      LoopState l, dev.runneriq.core.model.Snapshot snapshot, Instant refreshed) {
    return new LoopState(
        snapshot,
        l.decisions(),
        refreshed,
        null,
        true,
        List.of(),
        l.carbonProvider(),
        l.carbonProblems(),
        l.carbonHistory(),
        l.held(),
        l.insights());
  }

  private static int cycleOf(LiveState s) {
    return (int) s.refreshedAt().getEpochSecond() % 86_400;
  }

  private static int publishedCycle(ClusterStore cluster) {
    var p = cluster.published().orElseThrow();
    return cycleOf(SharedState.read(cluster.state(p).orElseThrow()));
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] gzip(String text) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
