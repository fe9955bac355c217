package dev.runneriq.gitlab.webhook;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Something with an id whose status moves forward: a job or a pipeline. */
public interface StatusUpdate {
  long id();

  /** As GitLab sent it; unknown values are kept. */
  String status();

  /** When this state was reached, as far as the event tells; null when it does not. */
  @Nullable Instant at();
}
