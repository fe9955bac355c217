package dev.runneriq.sim.gitlab;

import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.LiveSim.Answer;
import dev.runneriq.sim.LiveSim.JobState;
import dev.runneriq.sim.gitlab.SimHttp.Reply;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The simulated GitLab's job writes, {@code POST /projects/:id/jobs/:job_id/play}, {@code /cancel}
 * and {@code /retry}, answered as GitLab's {@code lib/api/ci/jobs.rb} answers them: play 200 with
 * the job, cancel 201 with the job, retry 201 with the new job; GitLab's refusals as {@code
 * {"message": …}}. The checks come in GitLab's order: the token's scope (before any route), the job
 * (404), the caller's rights on it (403), then whether the job allows the write.
 */
final class SimWrites {
  /** The user GitLab runs a played or retried job as: the token's. */
  static final String CALLER = "runneriq";

  private final LiveSim live;
  private final Shapes shapes;
  private final Map<Long, SimGitLab.Refusal> refusals = new ConcurrentHashMap<>();
  private final Map<String, Integer> received = new ConcurrentHashMap<>();

  SimWrites(LiveSim live, Shapes shapes) {
    this.live = live;
    this.shapes = shapes;
  }

  /** {@code why} GitLab refuses the job writes of project {@code project}; null for none. */
  void refuse(long project, SimGitLab.@Nullable Refusal why) {
    if (why == null) {
      refusals.remove(project);
    } else {
      refusals.put(project, why);
    }
  }

  /** Counts a write request of {@code kind} ({@code play}, {@code cancel}, {@code retry}). */
  void received(String kind) {
    received.merge(kind, 1, Integer::sum);
  }

  /** Write requests received per kind, refused ones included. */
  Map<String, Integer> receivedCounts() {
    return new TreeMap<>(received);
  }

  /**
   * GitLab's answer to a {@code kind} write of {@code job} (a job GitLab shows, of its project).
   */
  Reply answer(String kind, JobState job, Instant now) {
    if (refused(job)) {
      return Reply.error(403, "403 Forbidden");
    }
    long id = job.job().spec().id();
    var answer =
        switch (kind) {
          case "play" -> live.play(id, CALLER);
          case "cancel" -> live.cancel(id);
          default -> live.retry(id, CALLER);
        };
    return switch (answer) {
      case Answer.Done done ->
          new Reply(
              kind.equals("play") ? 200 : 201, Rest.basic(shapes.job(done.job(), now)), Map.of());
      case Answer.Refused no -> Reply.error(no.status(), no.message());
    };
  }

  private boolean refused(JobState job) {
    var why = refusals.get(job.projectId());
    return why == SimGitLab.Refusal.NOT_DEVELOPER
        || (why == SimGitLab.Refusal.PROTECTED_REFS && job.job().spec().pipeline().protectedRef());
  }

  /** GitLab's answer to a token without the {@code api} scope, on any request but a read. */
  static Reply insufficientScope() {
    return new Reply(
        403,
        Rest.basic(
            new Rest.ScopeError(
                "insufficient_scope",
                "The request requires higher privileges than provided by the access token.",
                "api")),
        Map.of());
  }
}
