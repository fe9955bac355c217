/**
 * The Optimizer's learning: from finished jobs (the service's outcomes and its backfill, the
 * simulator's own runs) it keeps, with decay, each runner's health and speed and each job's
 * duration and own failure rate, and puts them into the engine's snapshots. Pure: no I/O; its state
 * is exported for the store and restored from it.
 */
@NullMarked
package dev.runneriq.optimizer;

import org.jspecify.annotations.NullMarked;
