/**
 * JMH benchmarks of the decision engine, over a deterministic synthetic fleet and queue. Nothing
 * here is used at run time; {@code docs/BENCHMARKS.md} says how to run them.
 */
@NullMarked
package dev.runneriq.bench;

import org.jspecify.annotations.NullMarked;
