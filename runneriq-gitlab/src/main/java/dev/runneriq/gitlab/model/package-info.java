/**
 * GitLab's REST and GraphQL entities as lenient records: unknown fields ignored, unknown statuses
 * kept as the string GitLab sent, missing lists empty and missing statuses {@code "unknown"}, never
 * null. Nothing here does I/O or knows about RunnerIQ's core model.
 */
@NullMarked
package dev.runneriq.gitlab.model;

import org.jspecify.annotations.NullMarked;
