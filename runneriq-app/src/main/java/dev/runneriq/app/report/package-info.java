/**
 * What RunnerIQ saved over a window, read from the audit log: per project and group the waits per
 * tier, energy and CO2, the estimates of wait saved and CO2 avoided, the groups' carbon budgets,
 * and the runners the Optimizer found unhealthy or slow ({@code runneriq report}, {@code GET
 * /api/v1/report}). Measured numbers and estimates are kept apart, and "no data" is never 0.
 */
@NullMarked
package dev.runneriq.app.report;

import org.jspecify.annotations.NullMarked;
