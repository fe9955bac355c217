package dev.runneriq.app.gate;

import dev.runneriq.app.gate.Actuator.PlayResult;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.formats.Printable;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.store.ActionKind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Gate mode's preemption ({@code gate.preempt}), on the actuator's thread: for each preemption
 * {@link PreemptPlan} finds, plays the CRITICAL job if it is held, cancels the victim, and retries
 * it at once (GitLab makes a new job, pending; the run the victim had made is lost and counted).
 * Each write is recorded before it is sent and with GitLab's answer, linked to the CRITICAL job's
 * decision; a job is never cancelled or retried twice, across restarts. A cancellation recorded
 * without its retry (the process stopped between the two) is retried when this instance first acts.
 * At most {@link PreemptRule#perHour()} cancellations in any hour, counted from the journal so that
 * a restart does not reset them.
 */
final class Preempter {
  private static final System.Logger LOG = System.getLogger(Preempter.class.getName());

  /** How long a CRITICAL job a cancellation was sent for waits before another may be sent. */
  static final Duration SETTLE = Actuator.SETTLE;

  /** How far back a cancellation without its retry is looked for. */
  static final Duration RECOVER = Duration.ofDays(1);

  /** Plays a held job at once (the actuator's play, with its journal and rate limit). */
  @FunctionalInterface
  interface Play {
    PlayResult play(PendingJob job, @Nullable String decisionId, String reason);
  }

  private final PreemptPlan plan;
  private final Journal journal;
  private final Actuator.Writes writes;
  private final InstantSource clock;
  private final ArrayDeque<Instant> recent = new ArrayDeque<>();
  private final Map<Long, Instant> helped = new HashMap<>();
  private final Set<Long> cancelled = new HashSet<>();
  private final Set<Long> dryRunLogged = new HashSet<>();
  private final AtomicLong cancels = new AtomicLong();
  private final AtomicLong cancelFailures = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong retryFailures = new AtomicLong();
  private final AtomicLong wastedMs = new AtomicLong();
  private volatile int lastHour;
  private boolean started;

  Preempter(PreemptPlan plan, Journal journal, Actuator.Writes writes, InstantSource clock) {
    this.plan = plan;
    this.journal = journal;
    this.writes = writes;
    this.clock = clock;
  }

  Preemptions counts() {
    return new Preemptions(
        true,
        cancels.get(),
        cancelFailures.get(),
        retries.get(),
        retryFailures.get(),
        wastedMs.get() / 1000,
        lastHour,
        plan.rule().perHour());
  }

  /**
   * Makes the preemptions due for {@code offer}; false when the write rate limit stopped it (no
   * more writes this cycle).
   *
   * @param played held jobs played lately: pending in GitLab
   */
  boolean act(
      Actuator.Offer offer, Set<Long> played, boolean dryRun, BooleanSupplier mayWrite, Play play) {
    Instant now = clock.instant();
    if (!started && !dryRun) {
      started = true;
      recent.addAll(journal.cancelsSince(now.minus(PreemptRule.HOUR)));
      journal
          .cancelledNotRetried(now.minus(RECOVER))
          .forEach(
              (job, project) ->
                  retry(
                      job,
                      project,
                      null,
                      "run again: its cancellation was recorded and its retry was not (the"
                          + " service stopped between them)"));
    }
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(PreemptRule.HOUR))) {
      recent.pollFirst();
    }
    lastHour = recent.size();
    helped.values().removeIf(t -> t.isBefore(now.minus(SETTLE)));
    var due =
        plan.plan(
            offer.snapshot(),
            offer.held(),
            played,
            offer.running(),
            helped.keySet(),
            cancelled,
            recent.size());
    for (var p : due) {
      String decisionId = offer.decisions().get(p.critical().id());
      if (!preempt(p, decisionId, dryRun, mayWrite, play)) {
        return false;
      }
    }
    lastHour = recent.size();
    return true;
  }

  private boolean preempt(
      PreemptPlan.Preemption p,
      @Nullable String decisionId,
      boolean dryRun,
      BooleanSupplier mayWrite,
      Play play) {
    var critical = p.critical();
    var victim = p.victim();
    var job = victim.job();
    Instant now = clock.instant();
    long ranS = Math.max(0, Duration.between(victim.startedAt(), now).toSeconds());
    String forWhom =
        "for CRITICAL job "
            + critical.id()
            + " ("
            + critical.project()
            + " "
            + critical.name()
            + "), waiting "
            + p.waited().toSeconds()
            + " s with no free slot on a runner that may take it";
    String reason =
        forWhom
            + "; this "
            + p.victimTier()
            + " job ran "
            + ranS
            + " s on runner "
            + victim.runnerId()
            + ", run again at once";
    if (dryRun) {
      helped.put(critical.id(), now);
      if (dryRunLogged.add(job.id())) {
        long id =
            journal.intend(ActionKind.CANCEL, job.id(), job.project(), decisionId, reason, true);
        journal.answered(id, "dry_run", 0, "dry run: not sent", null);
      }
      return true;
    }
    if (p.play()) {
      var r = play.play(critical, decisionId, "CRITICAL: played for a preemption, " + forWhom);
      if (r == PlayResult.LIMITED) {
        return false;
      }
      if (r != PlayResult.DONE) {
        helped.put(critical.id(), now);
        return true; // GitLab would not start it: a cancellation would free a slot for others
      }
    }
    if (!mayWrite.getAsBoolean()) {
      return false;
    }
    helped.put(critical.id(), now);
    cancelled.add(job.id());
    long id = journal.intend(ActionKind.CANCEL, job.id(), job.project(), decisionId, reason, false);
    if (id < 0) {
      return true; // cancelled before, by this or another instance
    }
    recent.addLast(now);
    try {
      String status = writes.cancel(job.project(), job.id());
      journal.answered(id, "done", 201, "the job is " + status, null);
      cancels.incrementAndGet();
      wastedMs.addAndGet(ranS * 1000);
    } catch (GitLabApiException e) {
      boolean refused = e.status() == 403;
      journal.answered(
          id, refused ? "forbidden" : "failed", e.status(), String.valueOf(e.getMessage()), null);
      cancelFailures.incrementAndGet();
      warn("cancel of job " + job.id() + " (" + job.project() + ") failed: " + e.getMessage());
      return true;
    }
    retry(job.id(), job.project(), decisionId, "run again: cancelled " + forWhom);
    return true;
  }

  /** Retries a cancelled job, recorded; GitLab's new job id is recorded with the answer. */
  private void retry(long jobId, String project, @Nullable String decisionId, String reason) {
    long id = journal.intend(ActionKind.RETRY, jobId, project, decisionId, reason, false);
    if (id < 0) {
      return;
    }
    try {
      long newJob = writes.retry(project, jobId);
      journal.answered(id, "done", 201, "new job " + newJob, newJob);
      retries.incrementAndGet();
    } catch (GitLabApiException e) {
      boolean refused = e.status() == 403;
      journal.answered(
          id, refused ? "forbidden" : "failed", e.status(), String.valueOf(e.getMessage()), null);
      retryFailures.incrementAndGet();
      warn(
          "job "
              + jobId
              + " ("
              + project
              + ") was cancelled for a preemption and its retry failed; retry it in GitLab: "
              + e.getMessage());
    }
  }

  private static void warn(String message) {
    LOG.log(System.Logger.Level.WARNING, Printable.escape("gate: " + message));
  }
}
