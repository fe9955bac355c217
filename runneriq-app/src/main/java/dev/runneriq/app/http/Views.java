package dev.runneriq.app.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.ActionState;
import dev.runneriq.store.StoredAction;
import dev.runneriq.store.StoredDecision;
import dev.runneriq.store.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes the API serves, built from the live state as records whose components, in
 * snake_case, are the fields (docs/SERVICE.md). One place, so the API is consistent.
 */
public final class Views {
  /**
   * The API's names are the records' components in snake_case; a time is its ISO-8601 text, an
   * action's kind and state their wire names.
   */
  private static final ObjectMapper JSON =
      Documents.JSON
          .copy()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(
              new SimpleModule()
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addSerializer(ActionKind.class, ToStringSerializer.instance)
                  .addSerializer(ActionState.class, ToStringSerializer.instance));

  private Views() {}

  /** A record as the API shows it: its components in snake_case, times in ISO-8601. */
  public static ObjectNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /** Every pending job of {@code state}, highest priority first. */
  public static ObjectNode queue(LiveState state) {
    return queue(state, 0, Integer.MAX_VALUE);
  }

  /**
   * The pending jobs of {@code state} from position {@code offset} in priority order, at most
   * {@code limit} of them, and how many there are in all: the order is worked out once per cycle,
   * and only the page's jobs are written.
   */
  public static ObjectNode queue(LiveState state, int offset, int limit) {
    var snap = state.snapshot();
    var order = QueueOrder.of(state);
    Map<Long, Decision> advice = order.advice();
    var ordered = order.page(offset, limit);
    var jobs = new ArrayList<QueuedJob>();
    for (PendingJob j : ordered) {
      var d = advice.get(j.id());
      jobs.add(
          new QueuedJob(
              j.id(),
              j.name(),
              j.stage(),
              j.project(),
              j.pipeline().id(),
              j.pipeline().ref(),
              j.pendingSince().toString(),
              Duration.between(j.pendingSince(), snap.now()).toSeconds(),
              state.held().contains(j.id()),
              d == null ? null : DecisionFormat.write(d).get("priority"),
              d == null ? null : advice(d)));
    }
    return JSON.valueToTree(
        new Queue(
            snap.now().toString(),
            state.refreshedAt().toString(),
            state.gitlabSkipped(),
            state.staleReason(),
            order.total(),
            jobs));
  }

  private static Advice advice(Decision d) {
    return new Advice(
        d.id(),
        d.action().wire(),
        d.runnerId(),
        d.deferUntil() == null ? null : d.deferUntil().toString(),
        d.decidedBy().wire(),
        d.explanation().text());
  }

  record Queue(
      String now,
      String refreshedAt,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skipped,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String stale,
      int total,
      List<QueuedJob> jobs) {}

  /**
   * @param priority as the decision document has it; with {@code advice}, only once decided
   */
  record QueuedJob(
      long jobId,
      String name,
      String stage,
      String project,
      long pipelineId,
      String ref,
      String pendingSince,
      long waitingS,
      boolean held,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JsonNode priority,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Advice advice) {}

  record Advice(
      String decisionId,
      String action,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long runnerId,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String deferUntil,
      String decidedBy,
      String explanation) {}

  public static ObjectNode fleet(LiveState state) {
    var snap = state.snapshot();
    var runners = new ArrayList<FleetRunner>();
    for (var r : snap.runners()) {
      var stats = r.stats();
      var c = r.zone() == null ? null : snap.carbon().get(r.zone());
      runners.add(
          new FleetRunner(
              r.id(),
              r.name(),
              r.runnerType(),
              r.tagList(),
              r.online(),
              r.paused(),
              r.concurrency(),
              r.running(),
              Math.min(1.0, (double) r.running() / r.concurrency()),
              stats == null ? null : stats.successRate(),
              r.zone(),
              c == null ? null : c.gco2PerKwh(),
              c == null ? null : c.stale()));
    }
    var zones = new LinkedHashMap<String, Zone>();
    snap.carbon()
        .forEach(
            (zone, r) ->
                zones.put(
                    zone,
                    new Zone(
                        r.gco2PerKwh(),
                        r.at().toString(),
                        r.stale(),
                        readings(state.carbonHistory().get(zone)),
                        readings(snap.forecast().get(zone)))));
    return JSON.valueToTree(
        new Fleet(
            snap.now().toString(), runners, state.carbonProvider(), zones, state.carbonProblems()));
  }

  private static List<Reading> readings(@Nullable List<CarbonReading> readings) {
    return readings == null
        ? List.of()
        : readings.stream().map(r -> new Reading(r.at().toString(), r.gco2PerKwh())).toList();
  }

  record Fleet(
      String now,
      List<FleetRunner> runners,
      @Nullable String carbonProvider,
      Map<String, Zone> carbon,
      Map<String, String> carbonProblems) {}

  /**
   * @param zone with {@code gco2_per_kwh}, null when unknown; {@code carbon_stale} only with a
   *     reading
   */
  record FleetRunner(
      long id,
      String name,
      String runnerType,
      List<String> tagList,
      boolean online,
      boolean paused,
      int concurrency,
      int running,
      double load,
      @Nullable Double successRate,
      @Nullable String zone,
      @Nullable Double gco2PerKwh,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean carbonStale) {}

  record Zone(
      double gco2PerKwh, String at, boolean stale, List<Reading> history, List<Reading> forecast) {}

  record Reading(String at, double gco2PerKwh) {}

  /** One job's priority as {@code runneriq.scores/v1} lists it: score, tier and factor lines. */
  public static ObjectNode score(PendingJob job, Priority priority) {
    return JSON.valueToTree(
        new Score(
            job.id(),
            job.name(),
            job.project(),
            priority.score(),
            priority.tier().name(),
            priority.factors().stream()
                .map(f -> new FactorLine(f.factor(), f.points(), f.detail()))
                .toList()));
  }

  record Score(
      long jobId, String name, String project, int score, String tier, List<FactorLine> factors) {}

  record FactorLine(String factor, int points, String detail) {}

  public static ObjectNode stored(StoredDecision s) {
    try {
      var node = (ObjectNode) Documents.JSON.readTree(s.json());
      var o = s.outcome();
      if (o != null) {
        node.set(
            "outcome",
            JSON.valueToTree(
                new Outcome(o.status(), o.runnerId(), o.waitedSeconds(), s.followed())));
      }
      node.put("needs_review", s.needsReview());
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(500, "decision " + s.id() + " in the audit log is not valid JSON");
    }
  }

  /** What became of an advised job, added to its stored decision. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Outcome(
      String status, @Nullable Long runnerId, @Nullable Long waitedS, @Nullable Boolean followed) {}

  /**
   * One page of the action log, as {@code GET /api/v1/actions} answers and {@code runneriq log
   * --actions --format json} prints it.
   */
  public static ObjectNode actions(List<StoredAction> actions, ActionQuery query) {
    return JSON.valueToTree(new ActionPage(actions, query.limit(), query.offset()));
  }

  /** Stored actions as they are: their times in ISO-8601, their kind and state by wire name. */
  record ActionPage(List<StoredAction> actions, int limit, int offset) {}

  /**
   * Wait now per tier (pending jobs), per window the audit log's sums ({@code window} gives them
   * for the decisions made since a moment), and the decisions of the last cycle by decided_by.
   */
  static ObjectNode stats(LiveState state, Function<Instant, WindowStats> window) {
    var snap = state.snapshot();
    Map<Long, Decision> advice = byJob(state.decisions());
    var waits = new EnumMap<Tier, List<Long>>(Tier.class);
    for (Tier t : Tier.values()) {
      waits.put(t, new ArrayList<>());
    }
    for (var j : snap.jobs()) {
      var d = advice.get(j.id());
      if (d != null) {
        waits
            .computeIfAbsent(d.priority().tier(), k -> new ArrayList<>())
            .add(Duration.between(j.pendingSince(), snap.now()).toSeconds());
      }
    }

    var windows = new LinkedHashMap<String, Window>();
    for (var w : List.of(Duration.ofHours(1), Duration.ofHours(24))) {
      // each job counted once, by its latest decision in the window
      var sums = window.apply(snap.now().minus(w));
      var tiers = new LinkedHashMap<String, Summary>();
      for (Tier t : Tier.values()) {
        var tier = sums.waits().get(t.name());
        tiers.put(
            t.name(),
            tier == null || tier.jobs() == 0
                ? new Summary(0, null, null, null)
                : new Summary(tier.jobs(), tier.p50(), tier.p95(), tier.max()));
      }
      windows.put(
          w.toHours() + "h",
          new Window(
              tiers, new TreeMap<>(sums.decidedBy()), Emissions.summarize(sums.finished(), state)));
    }
    var decidedBy = new LinkedHashMap<String, Integer>();
    var actions = new LinkedHashMap<String, Integer>();
    for (var d : state.decisions()) {
      decidedBy.merge(d.decidedBy().wire(), 1, Integer::sum);
      actions.merge(d.action().wire(), 1, Integer::sum);
    }
    return JSON.valueToTree(
        new Stats(snap.now().toString(), summaries(waits), windows, new Cycle(decidedBy, actions)));
  }

  record Stats(
      String now, Map<String, Summary> waitingNow, Map<String, Window> waited, Cycle lastCycle) {}

  /** One window: a summary per tier under the tier's name, then decided_by and co2. */
  @JsonPropertyOrder({"tiers", "decidedBy", "co2"})
  record Window(
      @JsonAnyGetter Map<String, Summary> tiers,
      Map<String, Long> decidedBy,
      Emissions.Summary co2) {}

  record Cycle(Map<String, Integer> decidedBy, Map<String, Integer> actions) {}

  /** How many jobs, and their nearest-rank waits when there are any. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Summary(long jobs, @Nullable Long p50S, @Nullable Long p95S, @Nullable Long maxS) {}

  private static Map<String, Summary> summaries(Map<Tier, List<Long>> waits) {
    var out = new LinkedHashMap<String, Summary>();
    waits.forEach((tier, list) -> out.put(tier.name(), summary(list)));
    return out;
  }

  private static Summary summary(List<Long> values) {
    var sorted = new ArrayList<>(values);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      return new Summary(0, null, null, null);
    }
    return new Summary(
        sorted.size(),
        nearestRank(sorted, 0.50),
        nearestRank(sorted, 0.95),
        sorted.get(sorted.size() - 1));
  }

  /** The value at nearest rank {@code p} (0–1) of {@code sorted}, which must not be empty. */
  public static long nearestRank(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static Map<Long, Decision> byJob(List<Decision> decisions) {
    var m = new HashMap<Long, Decision>();
    decisions.forEach(d -> m.put(d.jobId(), d));
    return m;
  }

  static ArrayNode decisions(List<Decision> decisions) {
    var arr = Documents.JSON.createArrayNode();
    decisions.forEach(d -> arr.add(DecisionFormat.write(d)));
    return arr;
  }
}
