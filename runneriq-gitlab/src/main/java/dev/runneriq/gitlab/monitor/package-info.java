/**
 * The Monitor: the live snapshot of one GitLab instance from polling plus webhooks, kept when
 * GitLab fails and marked stale with the reason; and what GitLab shows of jobs that left the queue.
 */
@NullMarked
package dev.runneriq.gitlab.monitor;

import org.jspecify.annotations.NullMarked;
