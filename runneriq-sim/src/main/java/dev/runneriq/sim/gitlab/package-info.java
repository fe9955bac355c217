/**
 * A GitLab to run against here: the REST and GraphQL endpoints RunnerIQ reads, answered from a
 * {@link dev.runneriq.sim.LiveSim} on an accelerated clock, and Job and Pipeline Hooks delivered as
 * GitLab sends them. Loopback only; for {@code runneriq demo} and end-to-end tests.
 */
@NullMarked
package dev.runneriq.sim.gitlab;

import org.jspecify.annotations.NullMarked;
