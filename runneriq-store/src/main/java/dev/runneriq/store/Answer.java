package dev.runneriq.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's answer to a write, as {@link ActionLog#answered} records it.
 *
 * @param state done, failed or forbidden
 * @param httpStatus GitLab's status code; null when it did not answer (a timeout)
 * @param message GitLab's message, or what went wrong; kept up to {@value Texts#LONG} characters
 * @param newJobId for a retry GitLab did, the new job's id
 */
public record Answer(
    ActionState state,
    Instant at,
    @Nullable Integer httpStatus,
    @Nullable String message,
    @Nullable Long newJobId) {

  public Answer {
    if (state == ActionState.SENT || state == ActionState.DRY_RUN) {
      throw new IllegalArgumentException(
          "an answer is done, failed or forbidden, but was " + state.wire());
    }
    if (httpStatus != null && (httpStatus < 100 || httpStatus > 599)) {
      throw new IllegalArgumentException("http status must be 100-599, but was " + httpStatus);
    }
    if (newJobId != null && (state != ActionState.DONE || newJobId <= 0)) {
      throw new IllegalArgumentException(
          "a new job id comes with a done retry and is positive, but was "
              + newJobId
              + " with "
              + state.wire());
    }
    message = message == null ? null : Texts.cut(message, Texts.LONG);
  }
}
