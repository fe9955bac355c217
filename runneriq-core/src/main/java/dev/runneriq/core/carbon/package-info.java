/**
 * Carbon in the engine: the {@link dev.runneriq.core.carbon.CarbonSource} port that providers
 * implement, deferral of low-priority work to a greener window, and emissions accounting.
 */
@NullMarked
package dev.runneriq.core.carbon;

import org.jspecify.annotations.NullMarked;
