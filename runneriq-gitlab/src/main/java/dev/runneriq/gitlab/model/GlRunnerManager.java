package dev.runneriq.gitlab.model;

import org.jspecify.annotations.Nullable;

/**
 * One process serving a runner ({@code /runners/:id/managers}); a runner registered on several
 * machines has several.
 *
 * @param jobExecutionStatus {@code active} or {@code idle} on recent servers, null on older ones
 */
public record GlRunnerManager(
    long id,
    @Nullable String systemId,
    @Nullable String version,
    @Nullable String platform,
    @Nullable String architecture,
    @Nullable String contactedAt,
    String status,
    @Nullable String jobExecutionStatus) {

  public GlRunnerManager {
    status = Lenient.status(status);
  }
}
