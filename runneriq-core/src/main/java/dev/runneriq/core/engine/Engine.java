package dev.runneriq.core.engine;

import dev.runneriq.core.carbon.Deferral;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanations;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.Filter;
import dev.runneriq.core.placement.Filters;
import dev.runneriq.core.placement.Placement;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.placement.Scorer;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.core.placement.ScoringInputs;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decision engine: one cycle over a snapshot. Pending jobs are taken highest priority first and
 * placed one by one, each assignment consuming a slot, so no runner gets more jobs than it has free
 * slots. Pure: a snapshot and a seed in, decisions out; the same input gives the same output.
 *
 * <p>If anything inside throws (a scorer, the tie-breaker, a bug), that cycle's decisions come from
 * {@link FifoFallback}: GitLab's own order, marked {@code fifo-fallback} with the reason.
 *
 * <p>Thread-safe: each call builds its own scratch state.
 */
public final class Engine {
  private final EngineConfig config;
  private final Analyzer analyzer;
  private final List<Filter> filters;
  private final List<Scorer> scorers;
  private final TieBreaker tieBreaker;
  private final DecisionListener listener;
  private final Deferral deferral;

  public Engine(
      EngineConfig config,
      List<Filter> filters,
      List<Scorer> scorers,
      TieBreaker tieBreaker,
      DecisionListener listener) {
    this.config = config;
    this.analyzer = new Analyzer(config.priority());
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.tieBreaker = tieBreaker;
    this.listener = listener;
    this.deferral = new Deferral(config.carbon());
  }

  /** The default filters and scorers with the rule-order tie-breaker. */
  public static Engine standard(EngineConfig config) {
    return standard(config, TieBreaker.RULE_ORDER, DecisionListener.NONE);
  }

  public static Engine standard(
      EngineConfig config, TieBreaker tieBreaker, DecisionListener listener) {
    return new Engine(config, Filters.DEFAULT, Scorers.DEFAULT, tieBreaker, listener);
  }

  public EngineConfig config() {
    return config;
  }

  /** Who settles near-ties for this engine (the rule order unless a model was given). */
  public TieBreaker tieBreaker() {
    return tieBreaker;
  }

  public Analyzer analyzer() {
    return analyzer;
  }

  /** A fresh placement pipeline with this engine's filters, scorers and weights. */
  public Placement newPlacement() {
    return new Placement(filters, scorers, config.placement());
  }

  /** Decides on every pending job of {@code snapshot}, highest priority first. */
  public List<Decision> decide(Snapshot snapshot, long seed) {
    List<Decision> decisions;
    try {
      decisions = rules(snapshot, seed);
    } catch (RuntimeException e) {
      decisions = new FifoFallback(config, analyzer, filters).decide(snapshot, seed, reason(e));
    }
    for (var d : decisions) {
      try {
        listener.onDecision(d);
      } catch (RuntimeException ignored) {
        // A listener must never break scheduling; its own metrics say it failed.
      }
    }
    return decisions;
  }

  private List<Decision> rules(Snapshot snapshot, long seed) {
    var now = snapshot.now();
    record Ranked(PendingJob job, Priority priority) {}
    var ranked = new ArrayList<Ranked>(snapshot.jobs().size());
    for (var job : snapshot.jobs()) {
      ranked.add(new Ranked(job, analyzer.score(job, now)));
    }
    ranked.sort(
        Comparator.comparingInt((Ranked r) -> -r.priority().score())
            .thenComparing(r -> r.job().pendingSince())
            .thenComparingLong(r -> r.job().id()));

    var sorted = new ArrayList<>(snapshot.runners());
    sorted.sort(Comparator.comparingLong(Runner::id));
    // a table, so that each placement looks only at the runners the previous one changed
    var runners = new RunnerTable(sorted);
    var index = new HashMap<Long, Integer>();
    for (int i = 0; i < runners.size(); i++) {
      index.put(runners.get(i).id(), i);
    }
    var inputs = new ScoringInputs(snapshot.carbon(), config.placement().defaultSuccessRate());
    var placement = newPlacement();
    var out = new ArrayList<Decision>(ranked.size());
    for (var r : ranked) {
      var result = placement.place(r.job(), r.priority().tier(), runners, inputs);
      out.add(decideOne(r.job(), r.priority(), result, runners, index, snapshot, seed));
    }
    return out;
  }

  private Decision decideOne(
      PendingJob job,
      Priority priority,
      PlacementResult result,
      List<Runner> runners,
      Map<Long, Integer> index,
      Snapshot snapshot,
      long seed) {
    var b = new Builder(job, priority, result, snapshot, seed);
    switch (result.outcome()) {
      case UNPLACEABLE -> {
        return b.build(
            Action.UNPLACEABLE,
            null,
            null,
            DecidedBy.RULES,
            Explanations.unplaceable(job, priority, result),
            null);
      }
      case WAIT -> {
        return b.build(
            Action.WAIT,
            null,
            null,
            DecidedBy.RULES,
            Explanations.waiting(job, priority, result),
            null);
      }
      default -> {}
    }
    var advice =
        deferral.advise(
            job,
            priority.tier(),
            snapshot.now(),
            zones(result),
            snapshot.carbon(),
            snapshot.forecast());
    if (advice.defer()) {
      return b.build(
          Action.DEFER,
          null,
          advice.until(),
          DecidedBy.RULES,
          Explanations.priority(job, priority) + ". " + advice.words(),
          null);
    }
    Candidate chosen = result.candidates().get(0);
    DecidedBy by = DecidedBy.RULES;
    @Nullable LlmRecord llm = null;
    if (result.nearTies() >= 2) {
      var near = result.nearTieCandidates();
      var choice = tieBreaker.choose(job, priority, near);
      llm = choice.llm();
      @Nullable Candidate picked = null;
      for (var c : near) {
        if (c.runnerId() == choice.runnerId()) {
          picked = c;
        }
      }
      by = DecidedBy.TIE_BREAK;
      // A model that reported its own failure is not followed, whatever runner it named.
      boolean failed = llm != null && !llm.accepted();
      if (picked != null && !failed) {
        chosen = picked;
        if (llm != null) {
          by = DecidedBy.LLM;
        }
      } else if (picked == null && llm != null && !failed) {
        llm =
            rejected(
                llm, "chose runner " + choice.runnerId() + ", which is not among the near-ties");
      }
    }
    int at = Objects.requireNonNull(index.get(chosen.runnerId()), "runner index");
    runners.set(at, runners.get(at).withRunning(runners.get(at).running() + 1));
    String why =
        Explanations.assigned(
            job, priority, result, chosen, by, config.placement().tieMargin(), llm);
    if (!advice.words().isEmpty()) {
      why += " " + advice.words();
    }
    return b.build(Action.ASSIGN, chosen.runnerId(), null, by, why, llm);
  }

  private static List<@Nullable String> zones(PlacementResult result) {
    var zones = new ArrayList<@Nullable String>(result.candidates().size());
    for (var c : result.candidates()) {
      zones.add(c.runner().zone());
    }
    return zones;
  }

  private static LlmRecord rejected(LlmRecord llm, String error) {
    return new LlmRecord(
        llm.provider(),
        llm.model(),
        llm.chosenRunnerId(),
        llm.rationale(),
        llm.latencyMs(),
        llm.inputTokens(),
        llm.outputTokens(),
        false,
        error);
  }

  static String reason(Throwable e) {
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  /** Collects the parts every decision of a job shares. */
  private final class Builder {
    private final PendingJob job;
    private final Priority priority;
    private final PlacementResult result;
    private final Snapshot snapshot;
    private final long seed;

    Builder(
        PendingJob job, Priority priority, PlacementResult result, Snapshot snapshot, long seed) {
      this.job = job;
      this.priority = priority;
      this.result = result;
      this.snapshot = snapshot;
      this.seed = seed;
    }

    Decision build(
        Action action,
        @Nullable Long runnerId,
        @Nullable Instant deferUntil,
        DecidedBy by,
        String explanation,
        @Nullable LlmRecord llm) {
      return new Decision(
          DecisionIds.of(snapshot.now(), seed, job.id()),
          snapshot.now(),
          config.mode(),
          job.id(),
          jobRef(job),
          priority,
          action,
          runnerId,
          deferUntil,
          by,
          result.candidates(),
          result.rejections(),
          result.considered(),
          explanation,
          llm,
          null);
    }
  }

  static Decision.JobRef jobRef(PendingJob job) {
    var p = job.pipeline();
    return new Decision.JobRef(job.name(), job.stage(), p.project(), p.id(), p.ref());
  }
}
