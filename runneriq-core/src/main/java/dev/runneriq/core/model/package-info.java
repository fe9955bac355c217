/**
 * The snapshot RunnerIQ decides on: runners, pending jobs, their pipelines and the grid. Plain
 * immutable records with no behaviour beyond validation and small derived views.
 */
@NullMarked
package dev.runneriq.core.model;

import org.jspecify.annotations.NullMarked;
