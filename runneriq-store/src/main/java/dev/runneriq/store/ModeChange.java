package dev.runneriq.store;

import java.time.Instant;

/**
 * RunnerIQ's mode changed, e.g. the kill switch turned the gate off: recorded by {@link
 * ActionLog#modeChanged} as a row of kind {@code mode}, answered at once (nothing goes to GitLab).
 *
 * @param from the mode before, e.g. {@code gate}
 * @param to the mode after, e.g. {@code advisory}
 * @param askedBy who asked, e.g. {@code POST /api/v1/mode from 10.0.0.5} or {@code config reload}
 * @param reason why, in the asker's words
 * @param instance the process that changed its mode
 */
public record ModeChange(
    String from, String to, String askedBy, String reason, Instant at, String instance) {
  public ModeChange {
    Texts.required("mode before", from, 32);
    Texts.required("mode after", to, 32);
    Texts.required("asked by", askedBy, 256);
    Texts.required("reason", reason, Texts.LONG);
    Texts.required("instance", instance, 256);
  }
}
