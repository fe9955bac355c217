/**
 * What a simulation prints and writes: the comparison table, the sim-result JSON, the HTML report
 * with inline SVG charts, and the progress bar.
 */
@NullMarked
package dev.runneriq.sim.report;

import org.jspecify.annotations.NullMarked;
