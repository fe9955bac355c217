package dev.runneriq.core.engine;

import dev.runneriq.core.carbon.Deferral;
import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.JobPlace;
import dev.runneriq.core.placement.Placement;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.RunnerTable;
import dev.runneriq.core.placement.Scarcity;
import dev.runneriq.core.placement.ScoringInputs;
import dev.runneriq.core.priority.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine's per-job step, the one place a pending job is matched to a runner: place it (filters,
 * the reservation of rare runners, scorers, toss-up detection), ask the deferral whether it should
 * wait for a greener window, let the tie-breaker settle a genuine toss-up under the guard's rule
 * (only an accepted answer naming one of the near-ties counts), and take the chosen runner's slot
 * in the table. The engine's cycle and the simulator's RunnerIQ policies both place every job here.
 *
 * <p>Built by {@link Engine#assigner} for one table of runners, whose rare tags it learns once. Not
 * thread-safe: the placement keeps caches between jobs. One per cycle, or per simulated run.
 */
public final class Assigner {
  private final Placement placement;
  private final Deferral deferral;
  private final TieBreaker tieBreaker;
  private final double defaultSuccessRate;
  private final Scarcity scarcity;
  private RunnerTable runners;
  private final Map<Long, Integer> index = new HashMap<>();
  private @Nullable Map<String, CarbonReading> seenCarbon;
  private ScoringInputs inputs;

  /**
   * Assignments without a runner, by their placement result's identity hash: the jobs waiting for
   * the same busy runners are spread through the queue's order, between jobs of other kinds.
   */
  private final @Nullable Assignment[] withouts = new Assignment[WITHOUTS];

  private static final int WITHOUTS = 1024;

  Assigner(Engine engine, RunnerTable runners) {
    var config = engine.config();
    this.runners = runners;
    this.scarcity = Scarcity.of(runners, config.placement().reserve().rareShare());
    this.placement = engine.newPlacement(scarcity);
    this.deferral = engine.deferral();
    this.tieBreaker = engine.tieBreaker();
    this.defaultSuccessRate = config.placement().defaultSuccessRate();
    this.inputs = new ScoringInputs(Map.of(), defaultSuccessRate, scarcity);
    for (int i = 0; i < runners.size(); i++) {
      index.put(runners.get(i).id(), i);
    }
  }

  /**
   * Whether this assigner may go on with {@code next}, the runners of a later cycle: the same
   * runners in the same order, differing at most in their running counts (so the same rare tags),
   * and those of at most a quarter of them. If so it places on {@code next} from now on, keeping
   * what its placement learnt of the runners (the filters' verdicts, the pools, the rankings,
   * caught up with the loads that changed).
   */
  boolean goesOnWith(RunnerTable next) {
    if (next.size() != runners.size()) {
      return false;
    }
    int loadsChanged = 0;
    for (int i = 0; i < next.size(); i++) {
      var before = runners.get(i);
      var now = next.get(i);
      if (!before.differsOnlyInRunning(now)) {
        return false;
      }
      loadsChanged += before.running() == now.running() ? 0 : 1;
    }
    // catching every ranking up with most of the fleet costs more than starting over
    if (loadsChanged > next.size() / 4) {
      return false;
    }
    runners = next;
    return true;
  }

  /** The table this assigner places on; set a runner here when its load changes. */
  public RunnerTable runners() {
    return runners;
  }

  /** The fleet's rare tags, as learnt from the table. */
  public Scarcity scarcity() {
    return scarcity;
  }

  /**
   * Decides for one job at {@code now}; on {@link Action#ASSIGN} the chosen runner's slot is taken
   * in the table.
   *
   * @param priority the job's priority at {@code now}
   */
  public Assignment assign(PendingJob job, Priority priority, Grid grid, Instant now) {
    return assign(job, priority.tier(), () -> priority, grid, now);
  }

  /**
   * The same for a caller that ranks jobs by score alone: {@code priority} (the factor lines) is
   * built only if the tie-breaker is asked.
   */
  public Assignment assign(
      PendingJob job, Tier tier, Supplier<Priority> priority, Grid grid, Instant now) {
    return assign(job, tier, priority, grid, now, new JobPlace());
  }

  /**
   * The same for a job this assigner may have placed before, the same record: {@code known} holds
   * what that placement worked out of it (see {@link JobPlace}).
   */
  public Assignment assign(
      PendingJob job,
      Tier tier,
      Supplier<Priority> priority,
      Grid grid,
      Instant now,
      JobPlace known) {
    var result = placement.place(job, tier, runners, inputsFor(grid), known);
    switch (result.outcome()) {
      case UNPLACEABLE -> {
        return without(Action.UNPLACEABLE, result);
      }
      case WAIT -> {
        return without(Action.WAIT, result);
      }
      default -> {}
    }
    var advice = deferral.advise(job, tier, now, zones(result), grid);
    if (advice.defer()) {
      return new Assignment(
          Action.DEFER, result, null, -1, advice.until(), DecidedBy.RULES, null, advice);
    }
    Candidate chosen = result.candidates().get(0);
    DecidedBy by = DecidedBy.RULES;
    @Nullable LlmRecord llm = null;
    if (result.nearTies() >= 2) {
      var near = result.nearTieCandidates();
      var choice = tieBreaker.choose(job, priority.get(), near);
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
    Integer at = index.get(chosen.runnerId());
    if (at == null) {
      throw new IllegalStateException("runner " + chosen.runnerId() + " is not in the table");
    }
    Runner r = runners.get(at);
    runners.set(at, r.withRunning(r.running() + 1));
    return new Assignment(Action.ASSIGN, result, chosen, at, null, by, llm, advice);
  }

  /**
   * {@code action} without a runner. The jobs of a long queue that wait for the same busy runners
   * share one placement result, and so one such assignment.
   */
  @SuppressWarnings("ReferenceEquality") // the very result the kept one was made of
  private Assignment without(Action action, PlacementResult result) {
    int slot = System.identityHashCode(result) & (WITHOUTS - 1);
    var kept = withouts[slot];
    if (kept != null && kept.placement() == result && kept.action() == action) {
      return kept;
    }
    kept = new Assignment(action, result, null, -1, null, DecidedBy.RULES, null, Deferral.QUIET);
    withouts[slot] = kept;
    return kept;
  }

  /** New scoring inputs only when the grid's readings change, so runner-only scores are kept. */
  private ScoringInputs inputsFor(Grid grid) {
    var carbon = grid.now();
    // the same map within a cycle; from one cycle to the next, often equal readings
    if (carbon != seenCarbon && !carbon.equals(seenCarbon)) {
      seenCarbon = carbon;
      inputs = new ScoringInputs(carbon, defaultSuccessRate, scarcity);
    }
    return inputs;
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
}
