/**
 * Carbon in the simulator: the forecast-error model, carbon-aware policies' helpers, the
 * temporal-shifting study, and CO2 equivalences.
 */
@NullMarked
package dev.runneriq.sim.carbon;

import org.jspecify.annotations.NullMarked;
