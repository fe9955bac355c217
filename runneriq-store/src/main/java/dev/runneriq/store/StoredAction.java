package dev.runneriq.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An action as the log holds it: the intent, and GitLab's answer once recorded. A {@code mode} row
 * has no job and says {@code modeFrom → modeTo} and who asked; the others have no mode fields.
 *
 * @param state {@code sent} while no answer is recorded: a process that died between sending and
 *     recording leaves it so, and the job still counts as acted on
 * @param answer GitLab's message, or what went wrong
 * @param newJobId the job a retry created
 * @param instance the process that wrote it
 */
public record StoredAction(
    long id,
    ActionKind kind,
    @Nullable Long jobId,
    @Nullable String project,
    @Nullable String decisionId,
    String reason,
    boolean dryRun,
    Instant requestedAt,
    ActionState state,
    @Nullable Instant answeredAt,
    @Nullable Integer httpStatus,
    @Nullable String answer,
    @Nullable Long newJobId,
    @Nullable String modeFrom,
    @Nullable String modeTo,
    @Nullable String askedBy,
    String instance) {}
