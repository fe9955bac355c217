/**
 * The application's entry point: the only module that wires RunnerIQ's parts together. Nothing here
 * decides; it reads input, calls the engine and prints.
 */
@NullMarked
package dev.runneriq.app;

import org.jspecify.annotations.NullMarked;
