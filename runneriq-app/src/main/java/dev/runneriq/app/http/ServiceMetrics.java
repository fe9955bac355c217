package dev.runneriq.app.http;

import dev.runneriq.app.gate.Actuator;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Reason;
import dev.runneriq.llm.Failure;
import dev.runneriq.llm.LlmStats;
import dev.runneriq.store.AsyncAuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * RunnerIQ's Prometheus metrics. Label values are bounded: tiers, actions, decided_by, filter
 * reasons (anything else counts as {@code other}), GitLab endpoint names chosen by the code,
 * exception class names for fallbacks, and the configured carbon zones.
 */
public final class ServiceMetrics {
  private static final Set<String> REASONS = new HashSet<>(Reason.texts());

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer engineLatency;
  private final Timer hookToAdvice;
  private final Set<String> zones = ConcurrentHashMap.newKeySet();

  /** By kind and result, a few dozen at most: both are RunnerIQ's words, never a sender's. */
  private final Map<String, Counter> webhookCounters = new ConcurrentHashMap<>();

  private final OptimizerMetrics optimizer;
  private final Supplier<LiveState> state;

  /**
   * What the meters read: Micrometer holds the object of a gauge or function counter weakly, so one
   * held by nothing else (a lambda made for the meter) is collected and the meter reads NaN from
   * then on. Held here as long as the meters are.
   */
  private final List<Object> read = Collections.synchronizedList(new ArrayList<>());

  public ServiceMetrics(Supplier<LiveState> state) {
    engineLatency =
        Timer.builder("runneriq_engine_cycle")
            .description("Time the engine takes for one cycle over the pending jobs")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    hookToAdvice =
        Timer.builder("runneriq_hook_to_advice")
            .description(
                "Time from the webhook that showed a job pending to RunnerIQ's first decision on it")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
    for (Tier tier : Tier.values()) {
      String t = tier.name();
      Gauge.builder("runneriq_queue_jobs", () -> count(state.get(), tier))
          .description("Pending jobs per tier")
          .tag("tier", t)
          .register(registry);
      Gauge.builder("runneriq_queue_wait_seconds_max", () -> maxWait(state.get(), tier))
          .description("Longest current wait per tier")
          .tag("tier", t)
          .register(registry);
    }
    Gauge.builder(
            "runneriq_snapshot_age_seconds",
            () -> Duration.between(state.get().refreshedAt(), Instant.now()).toSeconds())
        .description("Seconds since the snapshot was refreshed from GitLab")
        .register(registry);
    this.optimizer = new OptimizerMetrics(registry, state);
    this.state = state;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    for (String zone : state.get().snapshot().carbon().keySet()) {
      if (zones.add(zone)) {
        Gauge.builder(
                "runneriq_carbon_intensity_gco2_per_kwh",
                () -> {
                  var r = state.get().snapshot().carbon().get(zone);
                  return r == null ? Double.NaN : r.gco2PerKwh();
                })
            .description("Grid carbon intensity per zone")
            .tag("zone", zone)
            .register(registry);
        Gauge.builder(
                "runneriq_carbon_stale",
                () -> {
                  var r = state.get().snapshot().carbon().get(zone);
                  return r == null || r.stale() ? 1 : 0;
                })
            .description(
                "1 when a zone's intensity is the provider's last good value, not a fresh one")
            .tag("zone", zone)
            .register(registry);
      }
    }
    optimizer.bind(state.get().insights());
    return registry.scrape();
  }

  /**
   * Exports a language-model tie-breaker's counters, read at scrape time. Labels: the fallback
   * reasons' fixed names and the token direction.
   */
  public ServiceMetrics bindLlm(LlmStats stats) {
    FunctionCounter.builder("runneriq_llm_calls", held(stats), s -> s.snapshot().calls())
        .description("Requests sent to the language model")
        .register(registry);
    FunctionCounter.builder("runneriq_llm_accepted", stats, s -> s.snapshot().accepted())
        .description("Model answers used to settle a near-tie")
        .register(registry);
    for (Failure f : Failure.values()) {
      FunctionCounter.builder("runneriq_llm_fallbacks", stats, s -> s.snapshot().fallbacks(f))
          .description("Near-ties settled by the rule order after the model failed, by reason")
          .tag("reason", f.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    FunctionCounter.builder("runneriq_llm_tokens", stats, s -> s.snapshot().inputTokens())
        .description("Tokens the model was sent or answered with")
        .tag("direction", "input")
        .register(registry);
    FunctionCounter.builder("runneriq_llm_tokens", stats, s -> s.snapshot().outputTokens())
        .description("Tokens the model was sent or answered with")
        .tag("direction", "output")
        .register(registry);
    FunctionCounter.builder(
            "runneriq_llm_latency_seconds", stats, s -> s.snapshot().latencyMsTotal() / 1000.0)
        .description("Total time spent waiting for the model")
        .register(registry);
    Gauge.builder(
            "runneriq_llm_latency_seconds_max", stats, s -> s.snapshot().latencyMsMax() / 1000.0)
        .description("Longest single call to the model")
        .register(registry);
    FunctionCounter.builder("runneriq_llm_cost_usd", stats, s -> s.snapshot().costUsd())
        .description("Estimated cost of the model calls in US dollars")
        .register(registry);
    return this;
  }

  /**
   * Shows the jobs hooks announced that wait to be read from GitLab, and the events the snapshot
   * did not take because that backlog or the hand-off queue was full (the next poll still finds
   * them).
   */
  public ServiceMetrics bindHookBacklog(
      java.util.function.IntSupplier backlog, java.util.function.LongSupplier dropped) {
    Gauge.builder("runneriq_hook_backlog_jobs", backlog::getAsInt)
        .description("Jobs webhooks showed pending that wait to be read from GitLab")
        .register(registry);
    FunctionCounter.builder("runneriq_hook_dropped", held(dropped), d -> d.getAsLong())
        .description(
            "Webhook events the snapshot did not take (the backlog of jobs to read, or the"
                + " hand-off to the Monitor, was full); polls still find them")
        .register(registry);
    return this;
  }

  /**
   * Exports this instance's place among the replicas, read at scrape time: whether it leads, the
   * leader's term, and how many instances were seen alive lately.
   */
  public ServiceMetrics bindCluster(ClusterView cluster) {
    Gauge.builder("runneriq_cluster_leader", held(cluster), c -> c.leading() ? 1 : 0)
        .description("1 on the instance that polls GitLab, decides and acts; 0 on a follower")
        .register(registry);
    Gauge.builder("runneriq_cluster_term", cluster, ClusterView::term)
        .description("The leader's term: one more at each election (0 for a single instance)")
        .register(registry);
    Gauge.builder("runneriq_cluster_members", cluster, ClusterView::members)
        .description("Instances on this store seen alive in the last 30 s, this one included")
        .register(registry);
    return this;
  }

  /**
   * Exports the audit log's writer, read at scrape time: what waits to be written, whether writes
   * fail, failed attempts, and what was dropped with queue and overflow list full.
   */
  public ServiceMetrics bindAudit(AsyncAuditLog audit) {
    Gauge.builder("runneriq_audit_pending", held(audit), AsyncAuditLog::pending)
        .description("Decisions and outcomes accepted but not yet written to the audit log")
        .register(registry);
    Gauge.builder("runneriq_audit_overflow", audit, a -> a.health().overflow())
        .description("Audit log entries held in the overflow list, the queue being full")
        .register(registry);
    Gauge.builder("runneriq_audit_failing", audit, a -> a.health().failingSince() == null ? 0 : 1)
        .description("1 while writes to the audit log fail")
        .register(registry);
    FunctionCounter.builder("runneriq_audit_write_failures", audit, AsyncAuditLog::failures)
        .description("Failed attempts to write a batch to the audit log")
        .register(registry);
    FunctionCounter.builder("runneriq_audit_dropped", audit, AsyncAuditLog::dropped)
        .description("Decisions and outcomes dropped, the audit log's queue and overflow full")
        .register(registry);
    return this;
  }

  /**
   * Exports gate mode, read at scrape time: whether the gate is on and this instance acts, and its
   * plays by how GitLab answered.
   */
  public ServiceMetrics bindGate(Actuator gate) {
    Gauge.builder("runneriq_gate_on", held(gate), g -> g.status().mode().equals("gate") ? 1 : 0)
        .description("1 in gate mode, 0 when switched to advisory (the kill switch)")
        .register(registry);
    Gauge.builder("runneriq_gate_acting", gate, g -> g.status().acting() ? 1 : 0)
        .description("1 while this instance holds the actuator lease and plays; 0 standing by")
        .register(registry);
    Gauge.builder("runneriq_gate_dry_run", gate, g -> g.status().dryRun() ? 1 : 0)
        .description("1 while plays are recorded and not sent")
        .register(registry);
    FunctionCounter.builder("runneriq_gate_plays", gate, g -> g.status().played())
        .tag("result", "done")
        .description("Plays sent to GitLab since the start, by GitLab's answer")
        .register(registry);
    FunctionCounter.builder("runneriq_gate_plays", gate, g -> g.status().failed())
        .tag("result", "failed")
        .description("Plays sent to GitLab since the start, by GitLab's answer")
        .register(registry);
    FunctionCounter.builder("runneriq_gate_plays", gate, g -> g.status().forbidden())
        .tag("result", "forbidden")
        .description("Plays sent to GitLab since the start, by GitLab's answer")
        .register(registry);
    FunctionCounter.builder(
            "runneriq_gate_preemptions", gate, g -> g.status().preemption().cancelled())
        .description("Running jobs cancelled (and retried) for CRITICAL ones since the start")
        .register(registry);
    FunctionCounter.builder(
            "runneriq_gate_preempted_runner_seconds",
            gate,
            g -> g.status().preemption().wastedRunnerS())
        .description("Runner time the cancelled runs had used, lost to preemption")
        .register(registry);
    FunctionCounter.builder(
            "runneriq_gate_preempt_retry_failures",
            gate,
            g -> g.status().preemption().retryFailed())
        .description("Cancelled jobs GitLab would not retry: each is to be retried by hand")
        .register(registry);
    return this;
  }

  /** Records how long after its pending hook a job was first decided. */
  public void recordHookToAdvice(Duration took) {
    hookToAdvice.record(took);
  }

  public void recordCycle(Duration took) {
    engineLatency.record(took);
  }

  /** Counts a logged decision: fast, never throws. */
  public void onDecision(Decision d) {
    Counter.builder("runneriq_decisions")
        .description("Decisions by who settled them and what they said")
        .tag("decided_by", d.decidedBy().wire())
        .tag("action", d.action().wire())
        .register(registry)
        .increment();
    d.rejections()
        .forEach(
            (reason, count) ->
                Counter.builder("runneriq_rejections")
                    .description("Runners rejected for a job, by stable reason")
                    .tag("reason", REASONS.contains(reason) ? reason : "other")
                    .register(registry)
                    .increment(count));
    if (d.fallbackReason() != null) {
      Counter.builder("runneriq_fallbacks")
          .description("Cycles decided by GitLab's own order, by cause")
          .tag("reason", reasonLabel(d.fallbackReason()))
          .register(registry)
          .increment();
    }
  }

  /** A GitLab API call; {@code endpoint} is a fixed name such as {@code runners_all}. */
  public void gitlabCall(String endpoint, boolean ok) {
    Counter.builder("runneriq_gitlab_requests")
        .description("GitLab API calls by endpoint and outcome")
        .tag("endpoint", endpoint)
        .tag("outcome", ok ? "ok" : "error")
        .register(registry)
        .increment();
  }

  /**
   * A webhook delivery; {@code result} is accepted, duplicate, ignored, unauthorized, malformed,
   * too_large, busy or too_slow.
   */
  public void webhook(String kind, String result) {
    // looked up once per pair: a delivery is counted thousands of times a second under load
    webhookCounters
        .computeIfAbsent(
            kind + "/" + result,
            k ->
                Counter.builder("runneriq_webhook_events")
                    .description("Webhook deliveries by event kind and result")
                    .tag("kind", kind)
                    .tag("result", result)
                    .register(registry))
        .increment();
  }

  static String reasonLabel(String fallbackReason) {
    int colon = fallbackReason.indexOf(':');
    String head = (colon < 0 ? fallbackReason : fallbackReason.substring(0, colon)).trim();
    return head.matches("[A-Za-z0-9_.$]{1,64}") ? head : "other";
  }

  private static double count(LiveState s, Tier tier) {
    return s.decisions().stream().filter(d -> d.priority().tier() == tier).count();
  }

  private static double maxWait(LiveState s, Tier tier) {
    var snap = s.snapshot();
    var tierOf = new java.util.HashMap<Long, Tier>();
    s.decisions().forEach(d -> tierOf.put(d.jobId(), d.priority().tier()));
    long max = 0;
    for (var j : snap.jobs()) {
      if (tierOf.get(j.id()) == tier) {
        max = Math.max(max, Duration.between(j.pendingSince(), snap.now()).toSeconds());
      }
    }
    return max;
  }

  /** How long the budgets' ratios serve scrapes: each reads a month of the audit log. */
  static final java.time.Duration BUDGETS_FOR = java.time.Duration.ofMinutes(1);

  /**
   * Exports each carbon budget's used share of its monthly limit as {@code
   * runneriq_carbon_budget_used_ratio{group="…"}}, read at scrape time from {@code ratios} (which
   * may cache: the ratios come from the audit log).
   */
  public ServiceMetrics bindBudgets(
      java.util.Collection<String> groups,
      java.util.function.Supplier<java.util.Map<String, Double>> ratios) {
    var recent =
        held(
            new Recent<java.util.Map<String, Double>>(
                BUDGETS_FOR,
                () -> {
                  try {
                    return ratios.get();
                  } catch (RuntimeException e) {
                    System.getLogger(ServiceMetrics.class.getName())
                        .log(
                            System.Logger.Level.WARNING,
                            "carbon budgets: cannot read this month's jobs; the gauges read NaN: "
                                + e.getMessage());
                    return java.util.Map.of();
                  }
                }));
    for (String group : groups) {
      Gauge.builder(
              "runneriq_carbon_budget_used_ratio",
              recent,
              r -> r.get().getOrDefault(group, Double.NaN))
          .description(
              "CO2 of the group's jobs finished this calendar month (UTC) over its budget"
                  + " (carbon.budgets); NaN while the audit log does not answer")
          .tag("group", group)
          .register(registry);
    }
    return this;
  }

  /** {@code o}, held as long as the meters are (see {@link #read}). */
  private <T> T held(T o) {
    read.add(o);
    return o;
  }
}
