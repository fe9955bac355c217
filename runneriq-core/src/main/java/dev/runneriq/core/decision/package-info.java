/**
 * Decisions as values, and the one place where they are rendered into plain words. Nothing here
 * decides; it records what the engine decided and why.
 */
@NullMarked
package dev.runneriq.core.decision;

import org.jspecify.annotations.NullMarked;
