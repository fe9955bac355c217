package dev.runneriq.app.gate;

import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionLog;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.ActionState;
import dev.runneriq.store.AlreadyActedException;
import dev.runneriq.store.Answer;
import dev.runneriq.store.PlannedAction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The actuator's journal in the audit log's action table, shared by every instance. */
final class StoreJournal implements Journal {
  private final ActionLog log;
  private final String instance;
  private final InstantSource clock;

  StoreJournal(ActionLog log, String instance, InstantSource clock) {
    this.log = log;
    this.instance = instance;
    this.clock = clock;
  }

  @Override
  public boolean alreadyActed(ActionKind kind, long jobId) {
    return log.alreadyActed(kind, jobId);
  }

  @Override
  public long intend(
      ActionKind kind,
      long jobId,
      String project,
      @Nullable String decisionId,
      String reason,
      boolean dryRun) {
    try {
      return log.intend(
          new PlannedAction(
              kind, jobId, project, decisionId, reason, dryRun, clock.instant(), instance));
    } catch (AlreadyActedException e) {
      return -1; // the store's own guard: another instance recorded this write first
    }
  }

  @Override
  public void answered(
      long id, String state, int httpStatus, String answer, @Nullable Long newJobId) {
    if (state.equals("dry_run")) {
      return; // recorded as a dry run when intended: nothing was sent, nothing answered
    }
    log.answered(
        id,
        new Answer(
            ActionState.valueOf(state.toUpperCase(java.util.Locale.ROOT)),
            clock.instant(),
            httpStatus == 0 ? null : httpStatus,
            answer,
            newJobId));
  }

  @Override
  public List<Instant> cancelsSince(Instant since) {
    var out = new ArrayList<Instant>();
    for (var a : log.query(recent(ActionKind.CANCEL, null, since))) {
      if (!a.dryRun()) {
        out.add(a.requestedAt());
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  @Override
  public Map<Long, String> cancelledNotRetried(Instant since) {
    var out = new LinkedHashMap<Long, String>();
    for (var a : log.query(recent(ActionKind.CANCEL, ActionState.DONE, since))) {
      Long job = a.jobId();
      String project = a.project();
      if (job != null
          && project != null
          && !a.dryRun()
          && !log.alreadyActed(ActionKind.RETRY, job)) {
        out.put(job, project);
      }
    }
    return out;
  }

  private static ActionQuery recent(ActionKind kind, @Nullable ActionState state, Instant since) {
    return new ActionQuery(
        null, null, kind.wire(), state == null ? null : state.wire(), since, null, 10_000, 0);
  }

  @Override
  public void modeChanged(String from, String to, String who, String why) {
    log.modeChanged(
        new dev.runneriq.store.ModeChange(from, to, who, why, clock.instant(), instance));
  }

  @Override
  public Journal.@Nullable ModeChange lastModeChange() {
    var rows =
        log.query(new ActionQuery(null, null, ActionKind.MODE.wire(), null, null, null, 1, 0));
    var row = rows.isEmpty() ? null : rows.get(0);
    String to = row == null ? null : row.modeTo();
    if (row == null || to == null) {
      return null;
    }
    // a dry-run switch is recorded as "gate (dry run)": the mode itself is gate
    return new Journal.ModeChange(
        to.startsWith("gate") ? "gate" : to, String.valueOf(row.askedBy()), row.requestedAt());
  }
}
