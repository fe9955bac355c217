/**
 * What operators look at: the HTTP API under {@code /api/v1}, the dashboard, Prometheus metrics and
 * health checks, behind a bearer token. Handlers read the service's {@link
 * dev.runneriq.app.http.LiveState} and the audit log; they never change GitLab.
 */
@NullMarked
package dev.runneriq.app.http;

import org.jspecify.annotations.NullMarked;
