package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.PendingJob;
import java.time.Instant;

/**
 * A job running on a runner, of a project gate mode may act in, as the engine reads a job (its
 * priority comes from the same fields as a pending one's): what gate mode's preemption chooses its
 * victim from.
 *
 * @param job the job, with its pipeline, as if it were pending
 * @param runnerId the runner it runs on
 * @param startedAt when it started: the run a cancellation would lose
 */
public record RunningJob(PendingJob job, long runnerId, Instant startedAt) {}
