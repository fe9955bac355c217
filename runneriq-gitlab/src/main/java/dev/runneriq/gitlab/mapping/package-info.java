/**
 * From GitLab's models to the core's {@code Runner}, {@code PendingJob} and {@code Pipeline}, and
 * runner concurrency, which GitLab's API does not expose: taken from config or inferred from the
 * most jobs seen running at once.
 */
@NullMarked
package dev.runneriq.gitlab.mapping;

import org.jspecify.annotations.NullMarked;
