package dev.runneriq.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Tier;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/stats} over a day of more than 10,000 decisions: every one counts (the answer used
 * to stop at the newest 10,000 without a word), each job once by its latest decision, and the
 * answer is made at most every two seconds however often dashboards poll.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsTest {
  static final String TOKEN = "stats-test-token";
  static final int JOBS = 12_000;
  static final int DECIDED_AGAIN = 500;

  @TempDir static Path dir;
  static FixedState state;
  static AuditStore store;
  static ApiServer server;
  static final Map<Long, Decision> latest = new HashMap<>();
  static final Map<Long, Long> waited = new HashMap<>();
  static final List<Instant> decidedAt = new ArrayList<>();

  /** {@code d} again, as the decision {@code id} on job {@code job} at {@code at}. */
  static Decision copy(Decision d, String id, long job, Instant at) {
    return DecisionCopies.copy(d, id, job, at, d.explanation());
  }

  @BeforeAll
  static void start() {
    state = LoopbackApi.example();
    Instant now = state.snapshot().now();
    var templates = state.decisions();
    store = AuditStore.open(StoreConfig.sqlite(dir.resolve("day.db")));
    var decisions = new ArrayList<Decision>();
    var outcomes = new ArrayList<AuditStore.SeenOutcome>();
    for (int i = 0; i < JOBS; i++) {
      long job = 1_000_000L + i;
      Instant at = now.minusSeconds(6L * i); // 20 hours of decisions, 600 in the last hour
      var d = copy(templates.get(i % templates.size()), "s" + i, job, at);
      decisions.add(d);
      latest.put(job, d);
      Instant started = at.plusSeconds(i % 100);
      waited.put(job, (long) (i % 100));
      outcomes.add(
          new AuditStore.SeenOutcome(
              new JobOutcome(job, 11L, "success", at, started, started.plusSeconds(60)), now));
    }
    for (int i = 0; i < DECIDED_AGAIN; i++) {
      long job = 1_000_000L + i * 7L;
      // decided again, later, in another tier: the job counts once, in its latest tier
      var again =
          copy(
              templates.get((i * 7 + 1) % templates.size()),
              "t" + i,
              job,
              latest.get(job).at().plusMillis(500));
      decisions.add(again);
      latest.put(job, again);
    }
    decisions.forEach(d -> decidedAt.add(d.at()));
    store.write(decisions);
    store.recordOutcomes(outcomes);
    server =
        LoopbackApi.start(
            TOKEN, 64 * 1024, () -> state, store, new ServiceMetrics(() -> state), null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode stats() throws Exception {
    var r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/stats"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Documents.JSON.readTree(r.body());
  }

  static long nearestRank(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  @Test
  @Order(1)
  void everyDecisionOfTheDayCountsAndEachJobOnceByItsLatestDecision() throws Exception {
    var day = stats().get("waited").get("24h");
    assertThat(decided(stats(), "24h"))
        .as("every decision of the day")
        .isEqualTo(JOBS + DECIDED_AGAIN);

    var byTier = new EnumMap<Tier, List<Long>>(Tier.class);
    latest.forEach(
        (job, d) ->
            byTier
                .computeIfAbsent(d.priority().tier(), t -> new ArrayList<>())
                .add(waited.get(job)));
    long jobs = 0;
    for (Tier t : Tier.values()) {
      var expected = byTier.getOrDefault(t, List.of()).stream().sorted().toList();
      var tier = day.get(t.name());
      assertThat(tier.get("jobs").asLong()).as(t.name()).isEqualTo(expected.size());
      jobs += tier.get("jobs").asLong();
      if (!expected.isEmpty()) {
        assertThat(tier.get("p50_s").asLong()).as(t + " p50").isEqualTo(nearestRank(expected, 0.5));
        assertThat(tier.get("p95_s").asLong())
            .as(t + " p95")
            .isEqualTo(nearestRank(expected, 0.95));
        assertThat(tier.get("max_s").asLong()).isEqualTo(expected.getLast());
      }
    }
    assertThat(jobs).as("each job once").isEqualTo(JOBS);
    assertThat(day.get("co2").get("jobs_finished").asLong()).isEqualTo(JOBS);

    Instant hourAgo = state.snapshot().now().minus(Duration.ofHours(1));
    assertThat(decided(stats(), "1h"))
        .isEqualTo(decidedAt.stream().filter(t -> !t.isBefore(hourAgo)).count());
  }

  static long decided(JsonNode stats, String window) {
    long n = 0;
    for (var by : stats.get("waited").get(window).get("decided_by")) {
      n += by.asLong();
    }
    return n;
  }

  @Test
  @Order(2)
  void theAnswerIsMadeAtMostEveryTwoSeconds() throws Exception {
    long before = decided(stats(), "24h");
    var d = state.decisions().getFirst();
    store.write(List.of(copy(d, "late1", 9_999_999L, state.snapshot().now())));
    assertThat(decided(stats(), "24h")).as("the same answer within two seconds").isEqualTo(before);
    Thread.sleep(2_100);
    assertThat(decided(stats(), "24h")).as("a new one after").isEqualTo(before + 1);
  }
}
