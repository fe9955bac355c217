package dev.runneriq.app;

import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionState;
import dev.runneriq.store.Answer;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.ModeChange;
import dev.runneriq.store.PlannedAction;
import java.time.Instant;

/**
 * An action log with one of each thing the views show: a play GitLab did, a cancel and the retry
 * that made a new job, a play left {@code sent} (no answer recorded), a dry run and a mode change.
 */
public final class SeededActions {
  public static final String INSTANCE = "runneriq@ci-host-1";

  private SeededActions() {}

  /** Writes the six actions, one a minute or so from {@code t0}, into {@code store}. */
  public static void seed(AuditStore store, Instant t0) {
    var log = store.actions();
    long play = log.intend(plan(ActionKind.PLAY, 501, "shop/web", t0, false));
    log.answered(play, new Answer(ActionState.DONE, t0.plusMillis(150), 200, null, null));
    long cancel = log.intend(plan(ActionKind.CANCEL, 640, "shop/api", t0.plusSeconds(60), false));
    log.answered(cancel, new Answer(ActionState.DONE, t0.plusSeconds(60), 200, null, null));
    long retry = log.intend(plan(ActionKind.RETRY, 640, "shop/api", t0.plusSeconds(61), false));
    log.answered(retry, new Answer(ActionState.DONE, t0.plusSeconds(61), 201, null, 655L));
    log.intend(plan(ActionKind.PLAY, 502, "shop/web", t0.plusSeconds(120), false));
    log.intend(plan(ActionKind.PLAY, 510, "shop/web", t0.plusSeconds(180), true));
    log.modeChanged(
        new ModeChange(
            "gate",
            "advisory",
            "POST /api/v1/mode from 10.0.0.5",
            "plays went wrong",
            t0.plusSeconds(300),
            INSTANCE));
  }

  static PlannedAction plan(ActionKind kind, long job, String project, Instant at, boolean dry) {
    return new PlannedAction(
        kind, job, project, "01DECISION" + job, kind.wire() + " " + job, dry, at, INSTANCE);
  }
}
