/**
 * The discrete-event simulator: a trace and a fleet compiled into a {@link dev.runneriq.sim.World},
 * replayed under a named {@link dev.runneriq.sim.Policy}, measured per docs/formats/sim-result.md.
 * Single- threaded and deterministic for a given trace, fleet, carbon series and seed.
 */
@NullMarked
package dev.runneriq.sim;

import org.jspecify.annotations.NullMarked;
