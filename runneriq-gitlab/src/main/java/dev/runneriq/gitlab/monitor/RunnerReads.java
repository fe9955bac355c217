package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * What a poll reads of each listed runner beyond the listing: its details ({@code /runners/:id}:
 * tags, access level, projects, groups, none of them listed) and the jobs running on it ({@code
 * /runners/:id/jobs?status=running}). Up to {@link #PARALLEL} runners are read at once: every
 * request still takes its slot in the client's rate limit ({@code gitlab.requests_per_second}), so
 * reading in parallel overlaps GitLab's answer times and sends nothing sooner than the limit
 * allows. One at a time, 10,000 runners took minutes of answer times a poll.
 *
 * <p>Details are kept between polls and read again when the listing shows a field they also carry
 * changed (description, name, type, shared: the runner was edited, its tags maybe with them), and
 * otherwise every {@code every} polls: a {@code every}th of the runners each poll, by id, so that
 * no poll reads them all. The running jobs are read every poll: the listing says nothing of them.
 * Used by one poll at a time.
 */
final class RunnerReads {
  /** Runners read at once. */
  static final int PARALLEL = 8;

  /**
   * One runner as this poll saw it.
   *
   * @param runner its details, with what changes often (paused, online, status) from the listing;
   *     kept as the runner's details for the next poll
   */
  record Read(GlRunner runner, List<GlJob> running) {
    Read {
      running = List.copyOf(running);
    }
  }

  private final GitLabClient client;
  private final Calls calls;
  private final int every;
  private final Map<Long, GlRunner> details = new HashMap<>();
  private long polls;

  RunnerReads(GitLabClient client, Calls calls, int every) {
    this.client = client;
    this.calls = calls;
    this.every = every;
  }

  /**
   * Reads what {@code listed} needs, in its order. Fails as the first failed read does, the reads
   * not started yet left unsent.
   */
  List<Read> read(List<GlRunner> listed) {
    int turn = (int) (polls++ % every);
    var kept = new HashMap<Long, GlRunner>();
    var tasks = new ArrayList<Future<Read>>(listed.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL, listed.size())),
            Thread.ofPlatform().daemon().name("gitlab-runner-reads-", 1).factory());
    try {
      for (GlRunner l : listed) {
        GlRunner d = details.get(l.id());
        GlRunner known =
            d == null || changed(l, d) || Math.floorMod(l.id(), every) == turn ? null : d;
        tasks.add(pool.submit(() -> read(l, known)));
      }
      var out = new ArrayList<Read>(listed.size());
      for (var t : tasks) {
        Read r = t.get();
        kept.put(r.runner().id(), r.runner());
        out.add(r);
      }
      details.clear();
      details.putAll(kept);
      return out;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("reading runners failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading runners", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reads one runner: its details unless {@code known}, then its running jobs. */
  private Read read(GlRunner listed, @Nullable GlRunner known) {
    GlRunner d = known != null ? known : calls.count("runner", () -> client.runner(listed.id()));
    List<GlJob> running = calls.count("runner_jobs", () -> client.runningJobs(listed.id()));
    return new Read(withListedState(d, listed), running);
  }

  /** Whether the listing shows an edit the kept details do not have. */
  private static boolean changed(GlRunner listed, GlRunner d) {
    return !Objects.equals(listed.description(), d.description())
        || !Objects.equals(listed.name(), d.name())
        || !Objects.equals(listed.runnerType(), d.runnerType())
        || !Objects.equals(listed.isShared(), d.isShared());
  }

  /** Details for what rarely changes, the listing for what changes often. */
  private static GlRunner withListedState(GlRunner d, GlRunner listed) {
    return new GlRunner(
        d.id(),
        d.description(),
        d.name(),
        listed.active() != null ? listed.active() : d.active(),
        listed.paused() != null ? listed.paused() : d.paused(),
        d.isShared(),
        d.runnerType(),
        listed.online() != null ? listed.online() : d.online(),
        listed.status(),
        d.tagList(),
        d.runUntagged(),
        d.accessLevel(),
        d.maximumTimeout(),
        listed.contactedAt(),
        d.projects(),
        d.groups());
  }
}
