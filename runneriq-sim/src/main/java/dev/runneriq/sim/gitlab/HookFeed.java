package dev.runneriq.sim.gitlab;

import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.JobState;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a live run's job changes into the hooks GitLab sends: a Job Hook for each change but to
 * {@code scheduled} or {@code manual} (GitLab sends none for {@code created → scheduled} or {@code
 * created → manual}), and a Pipeline Hook whenever the pipeline's status changes. Runs under the
 * run's lock, so it only queues deliveries.
 */
final class HookFeed implements Consumer<JobState> {
  /** Statuses GitLab sends no Job Hook for. */
  private static final Set<String> SILENT = Set.of("scheduled", "manual");

  /** Pipeline statuses after which a pipeline changes no more, unless a job is retried. */
  private static final Set<String> DONE = Set.of("success", "failed", "canceled");

  private final LiveSim live;
  private final Hooks bodies;
  private final HookSender sender;
  private final Map<Long, String> sentStatus = new HashMap<>();

  HookFeed(LiveSim live, Hooks bodies, HookSender sender) {
    this.live = live;
    this.bodies = bodies;
    this.sender = sender;
  }

  @Override
  public void accept(JobState s) {
    if (!SILENT.contains(s.status())) {
      sender.send("Job Hook", bodies.job(s, live.now()));
    }
    long pipelineId = s.job().spec().pipeline().id();
    var jobs = live.pipelineJobs(pipelineId);
    String status = Hooks.pipelineStatus(jobs);
    if (!status.equals(sentStatus.put(pipelineId, status))) {
      sender.send("Pipeline Hook", bodies.pipeline(jobs, status));
    }
    if (DONE.contains(status)) {
      sentStatus.remove(pipelineId);
    }
  }
}
