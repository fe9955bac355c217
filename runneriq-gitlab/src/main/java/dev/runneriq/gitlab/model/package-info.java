/**
 * GitLab's REST and GraphQL entities as lenient records: unknown fields ignored, unknown statuses
 * kept as the string GitLab sent, missing lists empty and missing statuses {@code "unknown"}, never
 * null. Nothing here does I/O or knows about RunnerIQ's core model. Written with the mapper that
 * reads them, they are also GitLab's answers in the simulated GitLab ({@link GlView} marks the
 * fields only an object's own endpoint sends), so GitLab's wire format is declared once, here.
 */
@NullMarked
package dev.runneriq.gitlab.model;

import org.jspecify.annotations.NullMarked;
