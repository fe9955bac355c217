/**
 * GitLab's Job Hook and Pipeline Hook as a library: {@link
 * dev.runneriq.gitlab.webhook.WebhookReceiver} checks the secret token, drops replays, parses, and
 * folds each event into a {@link dev.runneriq.gitlab.webhook.JobStateStore} that keeps every job's
 * latest state whatever order the events came in. The HTTP server that calls it lives elsewhere.
 */
@NullMarked
package dev.runneriq.gitlab.webhook;

import org.jspecify.annotations.NullMarked;
