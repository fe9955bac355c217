package dev.runneriq.sim;

import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Preemption in gate mode ({@code runneriq-gate-preempt}), with GitLab's cancel and retry: once a
 * CRITICAL job has waited T and no runner that may take it has a free slot, RunnerIQ plays it (if
 * it is still held; a job the template does not hold, such as one delayed by its own rules, is
 * pending in GitLab already and is watched all the same) and cancels the lowest-priority
 * preemptible job running on such a runner; when GitLab has cancelled that job, RunnerIQ retries
 * it, which makes a new pending job (GitLab's newest) whose run starts over: the runner time of the
 * cancelled run is wasted. At most N cancellations are sent in any hour. GitLab, not RunnerIQ,
 * gives the freed slot to a pending job.
 *
 * <p>Preemptible: a job whose variable {@code RUNNERIQ_PREEMPTIBLE} (the CI template's mark) is
 * {@code "true"}; without that variable, a LOW or MEDIUM job (base tier) that deploys nowhere (no
 * environment, stage other than {@code deploy}). {@code "false"} opts a job out.
 */
final class GatePreemption {
  /** The CI template's mark of a job that may be cancelled and run again later. */
  static final String MARK = "RUNNERIQ_PREEMPTIBLE";

  private static final long HOUR_MS = PreemptRule.HOUR.toMillis();

  private final GatePolicy gate;
  private final Simulation sim;
  private final World w;
  private final long afterMs;
  private final PreemptRule rule;

  /** Times the cancellations of the last hour were sent, oldest first. */
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  /** CRITICAL jobs that are ready and not started, in the order they became ready. */
  private final List<Integer> critical = new ArrayList<>();

  /** Per victim whose cancellation is under way: the CRITICAL job it makes room for, else -1. */
  private final int[] cancelFor;

  /** Per victim whose cancellation is under way: its runner failures when it was sent. */
  private final int[] cancelAttempt;

  /** Per CRITICAL job: a cancellation is under way for it. */
  private final boolean[] helped;

  /** Per job: 0 not yet known, 1 preemptible, -1 not. */
  private final byte[] preemptible;

  /** When the cap lets the next cancellation go. */
  private long lookAgain = -1;

  GatePreemption(GatePolicy gate, Simulation sim, PreemptRule p) {
    this.gate = gate;
    this.sim = sim;
    this.w = sim.world();
    this.afterMs = p.after().toMillis();
    this.rule = p;
    int n = w.jobCount();
    cancelFor = new int[n];
    java.util.Arrays.fill(cancelFor, -1);
    cancelAttempt = new int[n];
    helped = new boolean[n];
    preemptible = new byte[n];
  }

  /** {@code job} is ready: a CRITICAL one is watched until it starts. */
  void ready(int job, long now) {
    if (w.tier[job] == Tier.CRITICAL.ordinal()) {
      critical.add(job);
      if (afterMs > 0) {
        gate.later(now + afterMs, GatePolicy.LOOK, job);
      }
    }
  }

  /**
   * {@code job} is pending again, GitLab's automatic retry after its runner failed it: a CRITICAL
   * one is watched again, in the order of when it first became pending (its wait counts from then).
   */
  void retried(int job, long now) {
    if (w.tier[job] != Tier.CRITICAL.ordinal() || critical.contains(job)) {
      return;
    }
    int i = critical.size();
    while (i > 0 && sim.pendingSince(critical.get(i - 1)) > sim.pendingSince(job)) {
      i--;
    }
    critical.add(i, job);
    long due = sim.pendingSince(job) + afterMs;
    if (afterMs > 0 && due > now) {
      gate.later(due, GatePolicy.LOOK, job);
    }
  }

  /** Preempts for every CRITICAL job that has waited T without a free slot in its pool. */
  void look(long now) {
    critical.removeIf(j -> sim.startAt[j] >= 0);
    while (!recent.isEmpty() && recent.peekFirst() <= now - HOUR_MS) {
      recent.pollFirst();
    }
    for (int c : critical) {
      if (now - sim.pendingSince(c) < afterMs) {
        return; // and so have the later ones
      }
      var pool = w.signatures.runners(w.signature[c]);
      if (helped[c] || pool.intersects(sim.freeRunners())) {
        continue;
      }
      if (!rule.allows(recent.size())) {
        if (!recent.isEmpty() && recent.peekFirst() + HOUR_MS != lookAgain) {
          lookAgain = recent.peekFirst() + HOUR_MS;
          gate.later(lookAgain, GatePolicy.LOOK, c);
        }
        return;
      }
      int victim = victim(pool);
      if (victim >= 0) {
        recent.addLast(now);
        helped[c] = true;
        cancelFor[victim] = c;
        cancelAttempt[victim] = sim.attempts(victim);
        gate.playAtOnce(c, now);
        gate.write(GatePolicy.CANCEL_ACTS, victim, now);
      }
    }
  }

  /** GitLab has acted on the cancellation of {@code victim}. */
  void cancelled(int victim, long now) {
    helped[cancelFor[victim]] = false;
    cancelFor[victim] = -1;
    if (sim.startAt[victim] < 0
        || sim.endAt[victim] >= 0
        || sim.attempts(victim) != cancelAttempt[victim]) {
      return; // it ended before the cancellation reached it (its runner failed it, say)
    }
    int runner = sim.runnerOf[victim];
    sim.cancel(victim);
    gate.freed(victim, runner, now);
    gate.write(GatePolicy.RETRY_ACTS, victim, now);
  }

  /**
   * The lowest-priority preemptible job running on a runner of {@code pool} and not already being
   * cancelled (the lowest tier; of those, the one that started last, losing the least run), or -1.
   */
  private int victim(java.util.BitSet pool) {
    int best = -1;
    for (int r = pool.nextSetBit(0); r >= 0; r = pool.nextSetBit(r + 1)) {
      for (int slot = 0; slot < w.runners[r].concurrency(); slot++) {
        int j = sim.jobIn(r, slot);
        if (j >= 0 && cancelFor[j] < 0 && preemptible(j) && lower(j, best)) {
          best = j;
        }
      }
    }
    return best;
  }

  private boolean lower(int j, int best) {
    if (best < 0) {
      return true;
    }
    if (w.tier[j] == w.tier[best] && sim.startAt[j] == sim.startAt[best]) {
      return j > best;
    }
    return PreemptRule.before(w.tier[j], sim.startAt[j], w.tier[best], sim.startAt[best]);
  }

  private boolean preemptible(int job) {
    if (preemptible[job] == 0) {
      preemptible[job] = (byte) (preemptible(w.jobs[job].spec(), w.tierOf(job)) ? 1 : -1);
    }
    return preemptible[job] > 0;
  }

  /** The simulator's rule (see the class comment). */
  static boolean preemptible(PendingJob job, Tier tier) {
    String mark = job.variables().get(MARK);
    if (mark != null) {
      return mark.equals("true");
    }
    return PreemptRule.cancellable(tier, job);
  }
}
