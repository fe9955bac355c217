/**
 * What a GitLab instance shows of its own past: the finished jobs of the projects in scope, read
 * back into a trace ({@code runneriq.trace/v1}) and a fleet, for {@code runneriq replay}.
 */
@NullMarked
package dev.runneriq.gitlab.history;

import org.jspecify.annotations.NullMarked;
