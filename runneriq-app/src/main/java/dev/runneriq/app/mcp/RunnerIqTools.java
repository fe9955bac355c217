package dev.runneriq.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.Views;
import dev.runneriq.core.decision.Explanations;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tools RunnerIQ offers over MCP, on what it was started with: a live state (the service's, or
 * a context file's), the engine (with the model tie-breaker when configured) and the audit log.
 * Every tool reads or computes; none acts on GitLab.
 */
public final class RunnerIqTools {
  private final Supplier<@Nullable LiveState> state;
  private final Engine engine;
  private final @Nullable AuditStore store;

  /**
   * @param state the fleet and queue to answer about; yields null when there is none
   * @param store the audit log for {@code explain_decision}, or null
   */
  public RunnerIqTools(
      Supplier<@Nullable LiveState> state, Engine engine, @Nullable AuditStore store) {
    this.state = state;
    this.engine = engine;
    this.store = store;
  }

  List<Tool> all() {
    return List.of(
        tool(
            "fleet_status",
            "The runner fleet now: each runner's tags, status, concurrency, running jobs, carbon"
                + " zone and the grid's carbon intensity there.",
            Schemas.NONE,
            args -> Views.fleet(live())),
        tool(
            "pending_queue",
            "Pending CI jobs, highest priority first, each with its priority (score, tier, factor"
                + " lines) and RunnerIQ's advice: which runner, or wait for a greener hour, and why.",
            Schemas.PENDING_QUEUE,
            this::pendingQueue),
        tool(
            "score_job",
            "Score one CI job: its priority 0-100, tier, and the factor lines that sum to it.",
            Schemas.SCORE_JOB,
            this::scoreJob),
        tool(
            "decide",
            "Run the scheduler on a snapshot (runneriq.context/v1): one decision per pending job,"
                + " with the chosen runner or deferral and the explanation. Advisory: nothing is"
                + " changed in GitLab.",
            Schemas.DECIDE,
            this::decide),
        tool(
            "explain_decision",
            "One decision from the audit log by id: what was decided, by whom (rules, tie-break,"
                + " llm, fifo-fallback), why, the outcome, and whether it needs human review.",
            Schemas.EXPLAIN_DECISION,
            this::explainDecision),
        tool(
            "simulate",
            "Replay a workload (a preset or a small inline trace) on the bundled fleet under several"
                + " policies and compare waits per tier, lead times, utilization, energy and CO2.",
            Schemas.SIMULATE,
            new SimulateTool(engine)::run));
  }

  private static Tool tool(String name, String description, String schema, Tool.Handler h) {
    return new Tool(name, description, Schemas.parse(schema), h);
  }

  private LiveState live() {
    var s = state.get();
    if (s == null) {
      throw new IllegalStateException(
          "no fleet state: start the server with --context FILE (a runneriq.context/v1"
              + " snapshot) or use the service's /mcp endpoint");
    }
    return s;
  }

  private JsonNode pendingQueue(Args args) {
    String tier = args.string("tier");
    if (tier != null && !List.of("CRITICAL", "HIGH", "MEDIUM", "LOW").contains(tier)) {
      throw new ToolError(
          "tier", "must be CRITICAL, HIGH, MEDIUM or LOW, but was " + Printable.clip(tier));
    }
    long limit = args.integer("limit", 50, 1, 500);
    ObjectNode queue = Views.queue(live());
    var all = queue.withArray("jobs");
    var kept = Documents.JSON.createArrayNode();
    for (JsonNode job : all) {
      if (kept.size() < limit
          && (tier == null || tier.equals(job.path("priority").path("tier").asText()))) {
        kept.add(job);
      }
    }
    queue.put("total", all.size());
    queue.set("jobs", kept);
    return queue;
  }

  private JsonNode scoreJob(Args args) {
    Instant now = time(args, "now");
    var job = ContextFormat.pendingJob(Node.root(args.object("job"), "job", 0));
    var priority = engine.analyzer().score(job, now);
    var out = Views.score(job, priority);
    out.put("now", now.toString());
    out.put("explanation", Explanations.priority(job, priority));
    return out;
  }

  private Instant time(Args args, String name) {
    String v = args.string(name);
    if (v == null) {
      var s = state.get();
      return s != null ? s.snapshot().now() : Instant.now();
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new ToolError(
          name, "must be an ISO-8601 time like 2026-11-28T10:00:00Z, but was " + Printable.clip(v));
    }
  }

  private JsonNode decide(Args args) {
    var snapshot = ContextFormat.parse(args.object("context"), "context");
    long seed = args.integer("seed", 42, 0, Long.MAX_VALUE);
    return DecisionFormat.writeAll(engine.decide(snapshot, seed));
  }

  private JsonNode explainDecision(Args args) {
    String id = args.string("id");
    if (id == null || !id.matches("[0-9A-Za-z]{1,32}")) {
      throw new ToolError(
          "id", "must be 1-32 letters and digits, but was " + Printable.clip(String.valueOf(id)));
    }
    var log = store;
    if (log == null) {
      var s = state.get();
      if (s != null) {
        for (var d : s.decisions()) {
          if (d.id().equals(id)) {
            return DecisionFormat.write(d);
          }
        }
      }
      throw new ToolError(
          "id",
          "matches no decision of the loaded snapshot, and no audit log is open (start the"
              + " server with --db FILE|URL)");
    }
    try {
      return Views.stored(
          log.byId(id)
              .orElseThrow(() -> new ToolError("id", "matches no decision in the audit log")));
    } catch (StoreException e) {
      throw new IllegalStateException("the audit log is not answering; try again shortly");
    }
  }
}
