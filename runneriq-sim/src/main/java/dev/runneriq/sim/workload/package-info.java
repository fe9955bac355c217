/**
 * Synthetic workloads calibrated on real CI data, the default fleet and the bundled carbon series.
 * Everything here is seedable and deterministic.
 */
@NullMarked
package dev.runneriq.sim.workload;

import org.jspecify.annotations.NullMarked;
