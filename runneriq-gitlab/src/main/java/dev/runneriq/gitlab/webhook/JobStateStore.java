package dev.runneriq.gitlab.webhook;

import java.util.List;
import java.util.Optional;

/**
 * The latest state of every job and pipeline the webhooks told of, whatever order they came in.
 * Bounded: past {@code capacity} ids of each kind, the least recently changed are forgotten.
 * Thread-safe.
 */
public final class JobStateStore {
  public static final int DEFAULT_CAPACITY = 50_000;

  private final LatestStates<JobEvent> jobs;
  private final LatestStates<PipelineEvent> pipelines;

  public JobStateStore() {
    this(DEFAULT_CAPACITY);
  }

  public JobStateStore(int capacity) {
    this.jobs = new LatestStates<>(capacity);
    this.pipelines = new LatestStates<>(capacity);
  }

  /** Folds an event in; true when it changed anything. */
  public boolean apply(WebhookEvent event) {
    return switch (event) {
      case JobEvent job -> jobs.apply(job);
      case PipelineEvent pipeline -> {
        boolean changed = pipelines.apply(pipeline);
        for (JobEvent job : pipeline.jobs()) {
          changed |= jobs.apply(job);
        }
        yield changed;
      }
    };
  }

  public Optional<JobEvent> job(long id) {
    return jobs.get(id);
  }

  public Optional<PipelineEvent> pipeline(long id) {
    return pipelines.get(id);
  }

  /** The jobs whose latest state has this status, e.g. every {@code pending} one. */
  public List<JobEvent> jobsWithStatus(String status) {
    return jobs.all().stream().filter(j -> j.status().equals(status)).toList();
  }

  public int jobCount() {
    return jobs.size();
  }
}
