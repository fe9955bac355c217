/**
 * The engine: one scheduling cycle over a snapshot, the ports it calls (tie-breaker, listener), and
 * the FIFO floor that takes over when anything inside fails.
 */
@NullMarked
package dev.runneriq.core.engine;

import org.jspecify.annotations.NullMarked;
