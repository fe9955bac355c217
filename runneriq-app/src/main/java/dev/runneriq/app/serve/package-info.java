/**
 * The service: the control loop (Monitor, engine, advice log) in advisory mode, its live state for
 * the HTTP layer, and the wiring of GitLab, the audit log and the server from {@code
 * runneriq.yaml}.
 */
@NullMarked
package dev.runneriq.app.serve;

import org.jspecify.annotations.NullMarked;
