package dev.runneriq.app.gate;

import dev.runneriq.app.config.GateConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import dev.runneriq.gitlab.monitor.RunningJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which running jobs gate mode cancels now, and for which CRITICAL jobs ({@link PreemptRule}): a
 * CRITICAL job, pending in GitLab or held, that has waited the rule's time while no runner that may
 * take it has a free slot gets the best victim among the jobs running on such runners that {@code
 * gate.preempt.jobs} names and the rule lets go (LOW or MEDIUM, no deploy). The oldest CRITICAL job
 * first; within the hourly cap, counting the cancellations of the last hour.
 */
public final class PreemptPlan {
  /**
   * One preemption: cancel {@code victim} (then retry it) for {@code critical}.
   *
   * @param play whether {@code critical} is held and must be played first
   * @param victimTier the victim's base tier
   * @param waited how long {@code critical} has waited
   */
  public record Preemption(
      PendingJob critical, boolean play, RunningJob victim, Tier victimTier, Duration waited) {}

  private final Engine engine;
  private final GateConfig gate;
  private final GateConfig.Preempt preempt;

  public PreemptPlan(Engine engine, GateConfig gate, GateConfig.Preempt preempt) {
    this.engine = engine;
    this.gate = gate;
    this.preempt = preempt;
  }

  public PreemptRule rule() {
    return preempt.rule();
  }

  /**
   * The preemptions due now, oldest CRITICAL job first.
   *
   * @param held the snapshot's jobs GitLab shows {@code scheduled}
   * @param played held jobs played lately: pending in GitLab
   * @param running the jobs running on the runners, of the projects gate mode acts in
   * @param helped CRITICAL jobs a cancellation was sent for lately: not again yet
   * @param cancelled victims whose cancellation was sent already
   * @param lastHour cancellations sent in the past hour
   */
  public List<Preemption> plan(
      Snapshot snapshot,
      Set<Long> held,
      Set<Long> played,
      List<RunningJob> running,
      Set<Long> helped,
      Set<Long> cancelled,
      int lastHour) {
    var rule = preempt.rule();
    if (running.isEmpty() || !rule.allows(lastHour)) {
      return List.of();
    }
    var runners = new HashMap<Long, Runner>();
    snapshot.runners().forEach(r -> runners.put(r.id(), r));
    var analyzer = engine.analyzer();
    var waiting = new ArrayList<>(snapshot.jobs());
    waiting.sort(Comparator.comparing(PendingJob::pendingSince));
    var taken = new HashSet<>(cancelled);
    var out = new ArrayList<Preemption>();
    for (var job : waiting) {
      if (!rule.allows(lastHour + out.size())) {
        break;
      }
      boolean isHeld = held.contains(job.id()) && !played.contains(job.id());
      if (helped.contains(job.id()) || (isHeld && !playable(job))) {
        continue;
      }
      long waitedMs = Duration.between(job.pendingSince(), snapshot.now()).toMillis();
      if (waitedMs < rule.after().toMillis()) {
        break; // oldest first: the rest have waited less
      }
      var tier = analyzer.baseScore(job, snapshot.calibration()).tier();
      if (!rule.due(tier, waitedMs, () -> poolHasFree(job, snapshot.runners()))) {
        continue;
      }
      var victim = victim(job, running, runners, taken, snapshot.calibration());
      if (victim != null) {
        taken.add(victim.job().id());
        out.add(
            new Preemption(
                job,
                isHeld,
                victim,
                analyzer.baseScore(victim.job(), snapshot.calibration()).tier(),
                Duration.ofMillis(waitedMs)));
      }
    }
    return out;
  }

  /** Whether gate mode may play this held job at all. */
  private boolean playable(PendingJob job) {
    return gate.gates(job.project()) && !gate.leaves(job.name());
  }

  private boolean poolHasFree(PendingJob job, List<Runner> runners) {
    for (var r : runners) {
      if (r.running() < r.concurrency() && engine.mayTake(job, r)) {
        return true;
      }
    }
    return false;
  }

  /** The best job to cancel for {@code job}, or null when none may be. */
  private @Nullable RunningJob victim(
      PendingJob job,
      List<RunningJob> running,
      Map<Long, Runner> runners,
      Set<Long> taken,
      Calibration calibration) {
    RunningJob best = null;
    int bestTier = -1;
    for (var r : running) {
      var runner = runners.get(r.runnerId());
      var candidate = r.job();
      if (runner == null
          || taken.contains(candidate.id())
          || !preempt.names(candidate.project(), candidate.name())
          || !engine.mayTake(job, runner)) {
        continue;
      }
      var tier = engine.analyzer().baseScore(candidate, calibration).tier();
      if (!PreemptRule.cancellable(tier, candidate)) {
        continue;
      }
      if (best == null
          || PreemptRule.before(
              tier.ordinal(),
              r.startedAt().toEpochMilli(),
              bestTier,
              best.startedAt().toEpochMilli())) {
        best = r;
        bestTier = tier.ordinal();
      }
    }
    return best;
  }
}
