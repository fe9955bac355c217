package dev.runneriq.app.gate;

import dev.runneriq.app.config.GateConfig;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.gate.ReleaseRule;
import dev.runneriq.core.gate.ReleaseRule.Release;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.placement.Reason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What gate mode plays now, highest priority first. GitLab gives a freed slot to the jobs already
 * pending in it before anything RunnerIQ plays later, so the plan asks the engine twice: first for
 * the jobs pending in GitLab (each slot the engine gives one is taken), then for the held jobs on
 * what remains, each through {@link ReleaseRule}. A pool is the set of runners a job may take,
 * known by the job's tags and whether its ref is protected; the jobs pending in GitLab that wait in
 * a pool count against its k. When the engine fell back to GitLab's order, nothing is played: the
 * floors start the held jobs.
 */
public final class GatePlan {
  private static final long SEED = 42;

  /** A held job to play, and why. */
  public record Play(PendingJob job, Release release, Decision decision) {}

  private final Engine engine;
  private final ReleaseRule rule;
  private final GateConfig config;

  /**
   * @param engine the service's engine; the plan uses it holding only delay-tolerant work for a
   *     greener hour ({@link dev.runneriq.core.carbon.CarbonPolicy#tolerantOnly})
   */
  public GatePlan(Engine engine, GateConfig config) {
    this.engine = engine.withCarbon(engine.config().carbon().tolerantOnly());
    this.config = config;
    this.rule = new ReleaseRule(config.beyondFree());
  }

  /**
   * The plays for {@code snapshot}, in order.
   *
   * @param held the snapshot's jobs GitLab shows {@code scheduled}; of them only those of opted-in
   *     projects and not left by name are played
   * @param played jobs played lately that the snapshot may still show held: pending in GitLab
   * @param leftToFloor held jobs the gate will not play (GitLab refused them, or a play of them is
   *     recorded already): they take no slot before their floor, and none is planned for them
   */
  public List<Play> plan(
      Snapshot snapshot, Set<Long> held, Set<Long> played, Set<Long> leftToFloor) {
    var pending = new ArrayList<PendingJob>();
    var gated = new ArrayList<PendingJob>();
    for (var j : snapshot.jobs()) {
      if (!held.contains(j.id()) || played.contains(j.id())) {
        pending.add(j);
      } else if (config.gates(j.project())
          && !config.leaves(j.name())
          && !leftToFloor.contains(j.id())) {
        gated.add(j);
      }
    }
    if (gated.isEmpty()) {
      return List.of();
    }
    var pools = new Pools(engine, snapshot.runners());
    var taken = new HashMap<Long, Integer>();
    var waiting = new ArrayList<BitSet>();
    var first = engine.decide(with(snapshot, snapshot.runners(), pending), SEED);
    if (fellBack(first)) {
      return List.of();
    }
    var byId = byId(pending);
    for (var d : first) {
      var job = byId.get(d.jobId());
      if (d.action() == Action.ASSIGN && d.runnerId() != null) {
        taken.merge(d.runnerId(), 1, Integer::sum);
      } else if (d.action() == Action.WAIT && job != null) {
        waiting.add(pools.of(job));
      }
    }
    var runners = new ArrayList<Runner>();
    for (var r : snapshot.runners()) {
      int more = taken.getOrDefault(r.id(), 0);
      runners.add(more == 0 ? r : r.withRunning(r.running() + more));
    }
    var second = engine.decide(with(snapshot, runners, gated), SEED);
    if (fellBack(second)) {
      return List.of();
    }
    var heldById = byId(gated);
    var out = new ArrayList<Play>();
    for (var d : second) {
      var job = heldById.get(d.jobId());
      if (job == null) {
        continue; // the engine decides the jobs it is given: never another
      }
      var pool = pools.of(job);
      boolean kept = d.rejections().containsKey(Reason.KEPT_FOR_RARE_TAGS.text());
      var release = rule.release(d.action(), kept, ahead(waiting, pool), () -> kept);
      if (release == Release.PLAY_BEYOND) {
        waiting.add(pool);
      }
      if (release != Release.HOLD) {
        out.add(new Play(job, release, d));
      }
    }
    return out;
  }

  private static boolean fellBack(List<Decision> decisions) {
    return decisions.stream().anyMatch(d -> d.decidedBy() == DecidedBy.FIFO_FALLBACK);
  }

  private static Snapshot with(Snapshot s, List<Runner> runners, List<PendingJob> jobs) {
    return new Snapshot(s.now(), runners, jobs, s.carbon(), s.forecast(), s.calibration());
  }

  private static Map<Long, PendingJob> byId(List<PendingJob> jobs) {
    var out = new HashMap<Long, PendingJob>();
    jobs.forEach(j -> out.put(j.id(), j));
    return out;
  }

  /**
   * The jobs waiting in GitLab that would take a slot of {@code pool} before one played now: those
   * whose own pool lies within it. A job that may also take other runners' slots may well take one
   * of those, so it does not count, as in the simulator, which counts per pool.
   */
  private static int ahead(List<BitSet> waiting, BitSet pool) {
    int n = 0;
    for (var w : waiting) {
      var outside = (BitSet) w.clone();
      outside.andNot(pool);
      if (outside.isEmpty() && w.intersects(pool)) {
        n++;
      }
    }
    return n;
  }

  /** Each job's pool, as the positions of its runners in the snapshot. */
  private record Pools(Engine engine, List<Runner> runners) {
    BitSet of(PendingJob job) {
      var pool = new BitSet(runners.size());
      for (int i = 0; i < runners.size(); i++) {
        if (engine.mayTake(job, runners.get(i))) {
          pool.set(i);
        }
      }
      return pool;
    }
  }
}
