package dev.runneriq.sim;

import org.jspecify.annotations.Nullable;

/**
 * GitLab's job writes (play, cancel, retry) acting at once on a run from outside it, as the
 * simulated GitLab's REST API receives them: what each does to the job and to GitLab's queue
 * ({@link GitLabOrder}). Whether GitLab allows a write is the caller's to check ({@link LiveSim});
 * the caller then lets GitLab's dispatch place what is pending ({@link Simulation#dispatchNow}).
 */
final class GitLabWrites {
  private final Simulation sim;
  private final GitLabOrder gitlab;
  private final @Nullable GatePolicy gate;

  private GitLabWrites(Simulation sim, GitLabOrder gitlab, @Nullable GatePolicy gate) {
    this.sim = sim;
    this.gitlab = gitlab;
    this.gate = gate;
  }

  /** The writes on a run whose jobs GitLab's own dispatch places, or null for another policy. */
  static @Nullable GitLabWrites of(Simulation sim) {
    if (sim.policy instanceof GatePolicy g) {
      return new GitLabWrites(sim, g.gitlab(), g);
    }
    return sim.policy instanceof GitLabOrder o ? new GitLabWrites(sim, o, null) : null;
  }

  /** A held job is pending at once; a manual job, left unrun, runs now. */
  void play(int job, long now) {
    if (gate != null && gate.scheduled(job)) {
      gate.playedFromOutside(job, now);
    } else {
      sim.rerun(job);
      gitlab.pending(job, now);
    }
  }

  /** The job ends {@code canceled}: out of GitLab's queue, or off its runner, whose slot frees. */
  void cancel(int job, long now) {
    int runner = sim.runnerOf[job];
    boolean running = sim.startAt[job] >= 0 && sim.endAt[job] < 0;
    if (gate != null) {
      gate.canceledWhileHeld(job);
    }
    gitlab.withdraw(job);
    sim.endCanceled(job);
    if (running) {
      gitlab.finished(job, runner, now);
    }
  }

  /** The ended job runs again as a new job, GitLab's newest, pending at once (never held). */
  void retry(int job, long now) {
    gitlab.retried(job);
    sim.rerun(job);
    gitlab.pending(job, now);
  }
}
