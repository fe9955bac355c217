/**
 * The Assigner's pipeline: hard filters with stable rejection reasons, scorers in their own units,
 * normalization to 0–100 and a weight table kept outside the scorers.
 */
@NullMarked
package dev.runneriq.core.placement;

import org.jspecify.annotations.NullMarked;
